using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class JobHistoryTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private StorageProvider _db = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private IJobHistory History => _db.Get<IJobHistory>();

    private async Task<long> RunAsync(string job, DateTimeOffset startedAt, JobRunStatus? endsAs, string instance = "node-a", string? error = null)
    {
        var id = await History.StartAsync(new JobRunStart(job, $"solstake.{job}-schedule", Guid.NewGuid().ToString("N"), instance, 1, startedAt));
        if (endsAs is { } status)
        {
            await History.FinishAsync(id, new JobRunFinish(status, startedAt.AddSeconds(3), error, false, new Dictionary<string, long> { ["validators"] = 1351 }));
        }

        return id;
    }

    [Test]
    public async Task An_execution_is_recorded_from_start_through_progress_to_its_end()
    {
        var id = await RunAsync("fetch", Now, endsAs: null);
        await History.ReportProgressAsync(id, "scoring", 0.7);
        var running = (await History.ListAsync("fetch", JobRunStatus.Running, 10)).Single();
        await History.FinishAsync(id, new JobRunFinish(JobRunStatus.Succeeded, Now.AddSeconds(4.5), null, false, new Dictionary<string, long> { ["validators"] = 1351, ["epoch"] = 752 }));
        var done = (await History.ListAsync("fetch", null, 10)).Single();

        Assert.Multiple(() =>
        {
            Assert.That((running.Phase, running.Progress, running.FinishedAt), Is.EqualTo(("scoring", (double?)0.7, (DateTimeOffset?)null)));
            Assert.That(done.Status, Is.EqualTo(JobRunStatus.Succeeded));
            Assert.That(done.Duration, Is.EqualTo(TimeSpan.FromSeconds(4.5)));
            Assert.That(done.Counts, Is.EquivalentTo(new Dictionary<string, long> { ["validators"] = 1351, ["epoch"] = 752 }));
            Assert.That((done.Phase, done.Progress), Is.EqualTo(("done", (double?)1)));
        });
    }

    [Test]
    public async Task Lists_filter_by_job_and_state_newest_first_and_counts_group_by_both()
    {
        await RunAsync("fetch", Now.AddMinutes(-3), JobRunStatus.Succeeded);
        await RunAsync("fetch", Now.AddMinutes(-2), JobRunStatus.Failed, error: "getVoteAccounts: HTTP 503");
        await RunAsync("score", Now.AddMinutes(-1), JobRunStatus.Succeeded);
        await RunAsync("fetch", Now, endsAs: null);

        var fetches = await History.ListAsync("fetch", null, 10);
        var failed = await History.ListAsync(null, JobRunStatus.Failed, 10);
        Assert.Multiple(async () =>
        {
            Assert.That(fetches.Select(f => f.Status), Is.EqualTo(new[] { JobRunStatus.Running, JobRunStatus.Failed, JobRunStatus.Succeeded }));
            Assert.That(failed.Single().Error, Is.EqualTo("getVoteAccounts: HTTP 503"));
            Assert.That(await History.CountAsync(), Is.EquivalentTo(new[]
            {
                new JobRunCount("fetch", JobRunStatus.Failed, 1), new JobRunCount("fetch", JobRunStatus.Running, 1),
                new JobRunCount("fetch", JobRunStatus.Succeeded, 1), new JobRunCount("score", JobRunStatus.Succeeded, 1),
            }));
            Assert.That(await History.LastSucceededAsync("fetch"), Is.EqualTo(Now.AddMinutes(-3).AddSeconds(3)));
            Assert.That(await History.LastSucceededAsync("nothing"), Is.Null);
        });
    }

    [Test]
    public async Task Recovery_marks_the_running_executions_of_instances_no_longer_live_abandoned_and_only_those()
    {
        await RunAsync("fetch", Now.AddMinutes(-1), endsAs: null, instance: "dead");
        await RunAsync("score", Now, endsAs: null, instance: "dead");
        await RunAsync("score", Now, endsAs: null, instance: "other-live");
        await RunAsync("fetch", Now.AddMinutes(-2), JobRunStatus.Succeeded, instance: "dead");

        var abandoned = await History.AbandonRunningAsync(["recovering", "other-live"], "recovering", Now);

        var rows = await History.ListAsync(null, null, 10);
        Assert.Multiple(() =>
        {
            Assert.That(abandoned, Is.EqualTo(2), "both of the dead instance's running executions");
            Assert.That(rows.Where(r => r is { Instance: "dead", Status: JobRunStatus.Abandoned }).Select(r => r.Job), Is.EquivalentTo(new[] { "fetch", "score" }));
            Assert.That(rows.Where(r => r.Status == JobRunStatus.Abandoned).Select(r => r.Error), Has.All.Contain("recovered by recovering"));
            Assert.That(rows.Single(r => r.Instance == "other-live").Status, Is.EqualTo(JobRunStatus.Running), "a live instance's execution is left alone");
            Assert.That(rows.Count(r => r.Status == JobRunStatus.Succeeded), Is.EqualTo(1), "finished executions are left alone");
        });
    }

    [Test]
    public async Task Housekeeping_prunes_successes_after_7_days_and_failures_after_30_and_never_a_running_execution()
    {
        await RunAsync("fetch", Now.AddDays(-8), JobRunStatus.Succeeded);
        await RunAsync("fetch", Now.AddDays(-6), JobRunStatus.Succeeded);
        await RunAsync("fetch", Now.AddDays(-31), JobRunStatus.Failed, error: "old failure");
        await RunAsync("fetch", Now.AddDays(-20), JobRunStatus.Failed, error: "recent failure");
        await RunAsync("score", Now.AddDays(-40), endsAs: null);

        var pruned = await _db.Get<IStorageHousekeeping>().PruneAsync(Now);

        var left = await History.ListAsync(null, null, 10);
        Assert.Multiple(() =>
        {
            Assert.That(pruned.JobRuns, Is.EqualTo(2));
            Assert.That(left.Select(r => (r.Status, r.Error)), Is.EquivalentTo(new (JobRunStatus, string?)[]
            {
                (JobRunStatus.Succeeded, null), (JobRunStatus.Failed, "recent failure"), (JobRunStatus.Running, null),
            }));
        });
    }

    [Test]
    public async Task Housekeeping_marks_scoring_runs_left_running_long_ago_failed_and_leaves_a_recent_one()
    {
        var scoring = _db.Get<IScoringStore>();
        var stale = await scoring.StartRunAsync("Default", "v", Now.AddHours(-1));
        var recent = await scoring.StartRunAsync("Default", "v", Now.AddMinutes(-1));

        var pruned = await _db.Get<IStorageHousekeeping>().PruneAsync(Now);

        var runs = await scoring.ListRunsAsync(10);
        Assert.Multiple(() =>
        {
            Assert.That(pruned.AbandonedScoringRuns, Is.EqualTo(1));
            Assert.That(runs.Single(r => r.Id == stale).Status, Is.EqualTo("failed"));
            Assert.That(runs.Single(r => r.Id == stale).Error, Does.StartWith("abandoned"));
            Assert.That(runs.Single(r => r.Id == recent).Status, Is.EqualTo("running"), "younger than AbandonedRunAfter (10 min): maybe live");
        });
    }

    [Test]
    public void Finishing_as_running_is_refused()
    {
        Assert.ThrowsAsync<ArgumentException>(async () =>
            await History.FinishAsync(1, new JobRunFinish(JobRunStatus.Running, Now, null, false, new Dictionary<string, long>())));
    }
}
