using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>The scheduled jobs on a real Quartz scheduler, in memory and clustered on PostgreSQL, with short real intervals.</summary>
[TestFixture("Sqlite", false)]
[TestFixture("Postgres", true)]
public sealed class JobsTests(string provider, bool clustered)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Fetch_runs_on_its_interval_and_every_execution_is_recorded()
    {
        await using var h = await JobsHarness.StartAsync(provider, o => { o.Schedule = "custom"; o.FetchInterval = TimeSpan.FromSeconds(2); });

        var runs = await h.WaitForRunsAsync(r => r.Count(x => x is { Job: JobNames.Fetch, Status: JobRunStatus.Succeeded }) >= 3, Patience, "three scheduled fetches");

        var fetches = runs.Where(r => r is { Job: JobNames.Fetch, Status: JobRunStatus.Succeeded }).OrderBy(r => r.StartedAt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(fetches.Select(f => f.Trigger), Has.All.EqualTo("solstake.fetch-schedule"));
            Assert.That(fetches.Select(f => f.FireId).Distinct().Count(), Is.EqualTo(fetches.Count), "one record per firing");
            Assert.That(fetches[0].Counts["validators"], Is.EqualTo(1351), "the epoch-752 recording's validators");
            Assert.That(fetches[0].Counts, Does.ContainKey("scoringRun"), "the sync scored after storing");
            Assert.That(fetches[0].Attempt, Is.EqualTo(1));
            Assert.That(fetches[0].Instance, Is.Not.Empty);
            Assert.That(fetches[0].Duration, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(fetches[0].Phase, Is.EqualTo("done"));
            Assert.That(fetches[0].Progress, Is.EqualTo(1));
            // Interval triggers: each firing is one interval after the one before.
            Assert.That(fetches[1].StartedAt - fetches[0].StartedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)));
            Assert.That(fetches[2].StartedAt - fetches[1].StartedAt, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)));
        });
    }

    [Test]
    public async Task A_failed_firing_is_retried_with_exponential_backoff_and_audited_until_it_succeeds()
    {
        await using var h = await JobsHarness.StartAsync(provider, o => { o.MaxAttempts = 3; o.RetryDelay = TimeSpan.FromSeconds(1); }, serveFixtures: false);

        var trigger = await h.Scheduler.TriggerNowAsync(JobNames.Fetch);
        // Two attempts fail (the RPC node knows no methods yet); then the node answers and the third succeeds.
        await h.WaitForRunsAsync(r => r.Count(x => x.Status == JobRunStatus.Failed) >= 2, Patience, "two failed attempts");
        h.Rpc.ServeVoteAccountsWithEpochInfo();
        var runs = (await h.WaitForRunsAsync(r => r.Any(x => x.Status == JobRunStatus.Succeeded), Patience, "the third attempt"))
            .Where(r => r.Trigger == trigger).OrderBy(r => r.Attempt).ToList();

        var audit = await h.Services.GetRequiredService<IAuditLog>().RecentAsync(10);
        Assert.Multiple(() =>
        {
            Assert.That(runs.Select(r => (r.Attempt, r.Status, r.WillRetry)), Is.EqualTo(new[]
            {
                (1, JobRunStatus.Failed, true), (2, JobRunStatus.Failed, true), (3, JobRunStatus.Succeeded, false),
            }));
            Assert.That(runs[0].Error, Does.Contain("getEpochInfo").Or.Contain("getVoteAccounts"));
            // Backoff: 1 s before the first retry, then twice that.
            Assert.That(runs[1].StartedAt - runs[0].FinishedAt!.Value, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)));
            Assert.That(runs[2].StartedAt - runs[1].FinishedAt!.Value, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9)));
            var failures = audit.Where(a => a.Action == "job.failed").ToList();
            Assert.That(failures, Has.Count.EqualTo(2));
            Assert.That(failures.Select(a => a.Metadata["job"]), Has.All.EqualTo("fetch"));
            Assert.That(failures.Select(a => a.Metadata["attempt"]), Is.EquivalentTo(new[] { "1", "2" }));
        });
    }

    [Test]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        await using var h = await JobsHarness.StartAsync(provider, o => { o.MaxAttempts = 2; o.RetryDelay = TimeSpan.FromMilliseconds(200); }, serveFixtures: false);

        await h.Scheduler.TriggerNowAsync(JobNames.Fetch);
        await h.WaitForRunsAsync(r => r.Any(x => x is { Status: JobRunStatus.Failed, WillRetry: false }), Patience, "the last attempt");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var runs = await h.History.ListAsync(JobNames.Fetch, status: null, limit: 10);
        Assert.That(runs.OrderBy(r => r.Attempt).Select(r => (r.Attempt, r.WillRetry)), Is.EqualTo(new[] { (1, true), (2, false) }), "two attempts, no third");
    }

    [Test]
    public async Task The_score_job_scores_the_stored_data_and_reports_its_counts()
    {
        await using var h = await JobsHarness.StartAsync(provider, _ => { });
        var nothingYet = await h.Scheduler.TriggerNowAsync(JobNames.Score);
        await h.WaitForRunsAsync(r => r.Any(x => x.Trigger == nothingYet && x.Status == JobRunStatus.Succeeded), Patience, "a score with nothing stored");
        await h.Scheduler.TriggerNowAsync(JobNames.Fetch);
        await h.WaitForRunsAsync(r => r.Any(x => x is { Job: JobNames.Fetch, Status: JobRunStatus.Succeeded }), Patience, "the fetch");

        var trigger = await h.Scheduler.TriggerNowAsync(JobNames.Score);
        var run = (await h.WaitForRunsAsync(r => r.Any(x => x.Trigger == trigger && x.Status == JobRunStatus.Succeeded), Patience, "the score")).Single(x => x.Trigger == trigger);

        var first = (await h.History.ListAsync(JobNames.Score, JobRunStatus.Succeeded, 10)).Single(x => x.Trigger == nothingYet);
        var runs = await h.Services.GetRequiredService<IScoringStore>().ListRunsAsync(5);
        Assert.Multiple(() =>
        {
            Assert.That(first.Counts, Is.EquivalentTo(new Dictionary<string, long> { ["scored"] = 0 }), "nothing to score is not a failure");
            Assert.That(run.Counts["scored"], Is.EqualTo(1351));
            Assert.That(run.Counts["eligible"] + run.Counts["ineligible"] + run.Counts["unrated"], Is.EqualTo(1351));
            Assert.That(run.Counts["scoringRun"], Is.EqualTo(runs[0].Id), "the newest run is the score job's");
            Assert.That(runs[0].Status, Is.EqualTo("completed"));
        });
    }

    [Test]
    public async Task The_same_job_never_runs_twice_at_once()
    {
        await using var h = await JobsHarness.StartAsync(provider, o => o.MaxConcurrency = 4, serveFixtures: false);
        h.Rpc.ServeVoteAccountsWithEpochInfo();
        // Each cycle takes at least a second at the RPC node.
        h.Rpc.Serve("getVoteAccounts", FixtureRpcServer.Reply.Json(File.ReadAllBytes(Fixtures.Path(RecordedCluster.Epoch752))) with { Delay = TimeSpan.FromSeconds(1) });

        for (var i = 0; i < 3; i++)
        {
            await h.Scheduler.TriggerNowAsync(JobNames.Fetch);
        }

        var runs = (await h.WaitForRunsAsync(r => r.Count(x => x.Status == JobRunStatus.Succeeded) == 3, Patience, "three fetches"))
            .OrderBy(r => r.StartedAt).ToList();
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.That(runs[i].StartedAt, Is.GreaterThanOrEqualTo(runs[i - 1].FinishedAt!.Value), $"fetch {i + 1} started before fetch {i} finished");
        }
    }

    [Test]
    public async Task Readiness_reports_the_scheduler_and_is_degraded_once_no_fetch_has_succeeded_for_two_intervals()
    {
        await using var h = await JobsHarness.StartAsync(provider, o => { o.Schedule = "custom"; o.FetchInterval = TimeSpan.FromSeconds(1); o.MaxAttempts = 1; }, serveFixtures: false);
        var health = h.Services.GetRequiredService<HealthCheckService>();

        // The scheduler starts once the host has started; until then readiness says so.
        var early = await health.CheckHealthAsync();
        for (var i = 0; i < 100 && early.Entries["solstake-scheduler"].Status != HealthStatus.Healthy; i++)
        {
            await Task.Delay(100);
            early = await health.CheckHealthAsync();
        }

        await h.WaitForRunsAsync(r => r.Count(x => x.Status == JobRunStatus.Failed) >= 2, Patience, "failing fetches");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var stale = await health.CheckHealthAsync();
        h.Rpc.ServeVoteAccountsWithEpochInfo();
        await h.WaitForRunsAsync(r => r.Any(x => x.Status == JobRunStatus.Succeeded), Patience, "a fetch that succeeds");
        var fresh = await health.CheckHealthAsync();

        Assert.Multiple(() =>
        {
            Assert.That(early.Entries["solstake-scheduler"].Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(early.Entries["solstake-freshness"].Status, Is.EqualTo(HealthStatus.Healthy), early.Entries["solstake-freshness"].Description);
            Assert.That(stale.Entries["solstake-freshness"].Status, Is.EqualTo(HealthStatus.Degraded));
            Assert.That(stale.Entries["solstake-freshness"].Description, Does.Contain("No successful fetch"));
            Assert.That(stale.Status, Is.EqualTo(HealthStatus.Degraded), "degraded, not unhealthy: the API still answers");
            Assert.That(fresh.Entries["solstake-freshness"].Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(fresh.Entries["solstake-freshness"].Description, Does.StartWith("Last successful fetch"));
        });
    }

    [Test]
    public async Task MaxConcurrency_bounds_how_many_jobs_one_instance_runs_at_once()
    {
        await using var h = await JobsHarness.StartAsync(provider, o => o.MaxConcurrency = 1, serveFixtures: false);
        h.Rpc.ServeVoteAccountsWithEpochInfo();
        h.Rpc.Serve("getVoteAccounts", FixtureRpcServer.Reply.Json(File.ReadAllBytes(Fixtures.Path(RecordedCluster.Epoch752))) with { Delay = TimeSpan.FromSeconds(1) });

        await h.Scheduler.TriggerNowAsync(JobNames.Fetch);
        await h.WaitForRunsAsync(r => r.Any(x => x.Job == JobNames.Fetch), Patience, "the fetch to start");
        await h.Scheduler.TriggerNowAsync(JobNames.Score);
        var runs = await h.WaitForRunsAsync(r => r.Count(x => x.Status == JobRunStatus.Succeeded) == 2, Patience, "both jobs");

        var fetch = runs.Single(r => r.Job == JobNames.Fetch);
        var score = runs.Single(r => r.Job == JobNames.Score);
        Assert.That(score.StartedAt, Is.GreaterThanOrEqualTo(fetch.FinishedAt!.Value), "one thread: the score waited for the fetch");
    }

    [Test]
    public async Task Status_lists_schedules_next_fire_times_recent_runs_and_counts()
    {
        await using var h = await JobsHarness.StartAsync(provider, o => { o.Schedule = "custom"; o.FetchInterval = TimeSpan.FromHours(1); o.ScoreCron = "0 0 3 * * ?"; });
        await h.WaitForRunsAsync(r => r.Any(x => x.Status == JobRunStatus.Succeeded), Patience, "the first fetch");

        var status = await h.Scheduler.GetStatusAsync();

        var fetch = status.Jobs.Single(j => j.Name == JobNames.Fetch);
        var score = status.Jobs.Single(j => j.Name == JobNames.Score);
        Assert.Multiple(() =>
        {
            Assert.That(status.Running, Is.True);
            Assert.That(status.Persistent, Is.EqualTo(clustered));
            Assert.That(fetch.Timing, Is.EqualTo(new JobTiming(TimeSpan.FromHours(1), null)));
            Assert.That(fetch.NextFireTime, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(58)));
            Assert.That(fetch.LastSucceededAt, Is.Not.Null);
            Assert.That(score.Timing, Is.EqualTo(new JobTiming(null, "0 0 3 * * ?")));
            Assert.That(score.NextFireTime!.Value.Hour, Is.EqualTo(3));
            Assert.That(status.Recent, Has.Some.Matches<JobRunRecord>(r => r.Job == JobNames.Fetch));
            Assert.That(status.Counts, Has.Some.EqualTo(new JobRunCount(JobNames.Fetch, JobRunStatus.Succeeded, 1)));
            Assert.That(status.Nodes.Single(n => n.IsCurrent).InstanceId, Is.EqualTo(status.InstanceId));
        });
    }
}
