using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>The schedule verbs on the shared PostgreSQL store, and the Prometheus verb against a serving host.</summary>
[NonParallelizable]
public sealed class SchedulerVerbTests
{
    [Test]
    public async Task Scheduler_setup_writes_each_preset_to_the_shared_store_and_remove_leaves_jobs_on_demand()
    {
        var env = new Dictionary<string, string?> { ["DATABASE_URL"] = await Servers.Postgres.CreateDatabaseAsync("sched") };

        var test = await HostProcess.RunVerbAsync(env, "queue", "scheduler", "setup", "test");
        var production = await HostProcess.RunVerbAsync(env, "queue", "scheduler", "setup", "production");
        var list = await HostProcess.RunVerbAsync(env, "queue", "scheduler", "setup", "list");
        var cron = await HostProcess.RunVerbAsync(env, "queue", "scheduler", "setup", "custom", "--fetch-cron", "0 0 */6 * * ?", "--score-interval", "01:00:00");
        var badCron = await HostProcess.RunVerbAsync(env, "queue", "scheduler", "setup", "custom", "--fetch-cron", "every day");
        var remove = await HostProcess.RunVerbAsync(env, "queue", "scheduler", "setup", "remove");

        Assert.Multiple(() =>
        {
            Assert.That(test.ExitCode, Is.Zero, test.ToString());
            Assert.That(test.StandardOutput, Does.Match(@"fetch\s+every 00:00:30").And.Match(@"score\s+every 00:01:00"));
            Assert.That(production.StandardOutput, Does.Match(@"fetch\s+every 06:00:00").And.Match(@"score\s+every 06:00:00"));
            Assert.That(list.ExitCode, Is.Zero, list.ToString());
            Assert.That(list.StandardOutput, Does.Match(@"fetch\s+every 06:00:00\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"), "kept in the database, with its next fire time");
            Assert.That(cron.StandardOutput, Does.Match(@"fetch\s+cron '0 0 \*/6 \* \* \?'\s+\d{4}-\d\d-\d\d (00|06|12|18):00:00").And.Match(@"score\s+every 01:00:00"));
            Assert.That(badCron.ExitCode, Is.EqualTo(2), badCron.ToString());
            Assert.That(badCron.StandardError, Does.Contain("FetchCron: 'every day' is not a Quartz cron expression"));
            Assert.That(remove.ExitCode, Is.Zero, remove.ToString());
            Assert.That(remove.StandardOutput, Does.Match(@"fetch\s+on demand").And.Match(@"score\s+on demand"));
        });
    }

    [Test]
    public async Task Metrics_prometheus_prints_what_the_host_serves_and_exits_1_when_no_host_answers()
    {
        using var db = new TemporarySqlite("prom");
        var env = new Dictionary<string, string?> { ["SolStake__Storage__ConnectionString"] = db.ConnectionString };
        await using var host = await HostProcess.StartServerAsync(env);

        var printed = await HostProcess.RunVerbAsync(env, "metrics", "prometheus", "--url", new Uri(host.Http.BaseAddress!, "metrics").ToString());
        var unreachable = await HostProcess.RunVerbAsync(env, "metrics", "prometheus", "--url", $"http://127.0.0.1:{LoopbackPorts.GetFree()}/metrics");
        var notAUrl = await HostProcess.RunVerbAsync(env, "metrics", "prometheus", "--url", "localhost:3007");

        Assert.Multiple(() =>
        {
            Assert.That(printed.ExitCode, Is.Zero, printed.ToString());
            Assert.That(printed.StandardOutput, Does.Contain("# TYPE solstake_cache_hits_total counter"));
            Assert.That(unreachable.ExitCode, Is.EqualTo(1), unreachable.ToString());
            Assert.That(unreachable.StandardError, Does.Contain("could not be reached"));
            Assert.That(notAUrl.ExitCode, Is.EqualTo(2), notAUrl.ToString());
            Assert.That(notAUrl.StandardError, Does.Contain("is not an http(s) URL"));
        });
    }
}
