using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class VerifierTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private StorageProvider _db = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
        var accounts = TestData.VoteAccounts(5);
        await _db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(accounts, T0.AddDays(-1)));
        var scoring = _db.Get<IScoringStore>();
        var run = await scoring.StartRunAsync("Default", "trustscore-v2.0", DateTimeOffset.UtcNow.AddMinutes(-1));
        await scoring.CompleteRunAsync(run, [.. accounts.Select(a => new TrustScoreRecord
        {
            VoteAccount = a.VotePubkey, Score = 50, State = "ELIGIBLE", Profile = "Default", ModelVersion = "trustscore-v2.0", Breakdown = [], Flags = [],
        })], 0, DateTimeOffset.UtcNow);
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private Task<VerificationReport> VerifyAsync() => _db.Get<IStorageVerifier>().VerifyAsync();

    [Test]
    public async Task SoundDatabase_PassesEveryCheck()
    {
        var report = await VerifyAsync();

        Assert.That(report.IsSound, Is.True, string.Join("; ", report.Checks.Where(c => c.Problems > 0).Select(c => $"{c.Name}: {string.Join(", ", c.Examples)}")));
        Assert.That(report.Checks, Has.Count.EqualTo(8));
    }

    [TestCase("trust scores whose validator or run is missing", "DELETE FROM validators WHERE id = (SELECT MIN(id) FROM validators)")]
    [TestCase("observations, epoch stats or stake accounts whose validator or user is missing", "DELETE FROM validators WHERE id = (SELECT MIN(id) FROM validators); DELETE FROM trust_scores WHERE validator_id NOT IN (SELECT id FROM validators)")]
    [TestCase("duplicate keys (vote accounts, wallets, stake accounts, scores per run)", "DROP INDEX ix_validators_vote_account; INSERT INTO validators (vote_account, identity, commission_bps, activated_stake, delinquent, epoch_vote_account, last_vote, root_slot, uptime, created_at, updated_at) SELECT vote_account, identity, commission_bps, activated_stake, delinquent, epoch_vote_account, last_vote, root_slot, uptime, created_at, updated_at FROM validators WHERE id = (SELECT MIN(id) FROM validators)")]
    [TestCase("completed runs whose score count differs from their counts", "UPDATE scoring_runs SET success_count = success_count + 1")]
    [TestCase("validators whose kept credit totals disagree with their epoch stats", "UPDATE validators SET credited_epochs = credited_epochs + 1 WHERE id = (SELECT MIN(id) FROM validators)")]
    [TestCase("validators whose kept credit totals disagree with their epoch stats", "UPDATE validators SET first_credited_epoch = NULL")]
    [TestCase("validators whose kept uptime counts disagree with their observations", "UPDATE validators SET uptime_voting = uptime_voting - 1 WHERE id = (SELECT MIN(id) FROM validators)")]
    [TestCase("validators whose kept uptime counts disagree with their observations", "DELETE FROM validator_observations WHERE id = (SELECT MIN(id) FROM validator_observations)")]
    [TestCase("validators without a score in the latest completed run they should be in", "DELETE FROM trust_scores WHERE id = (SELECT MIN(id) FROM trust_scores)")]
    public async Task EachProblem_IsCaughtByItsCheck(string check, string damage)
    {
        await _db.CorruptAsync(damage);

        var report = await VerifyAsync();

        Assert.That(report.IsSound, Is.False);
        Assert.That(report.Checks.Single(c => c.Name == check).Problems, Is.GreaterThan(0));
        Assert.That(report.Checks.Single(c => c.Name == check).Examples, Is.Not.Empty);
    }

    [Test]
    public async Task RunStuckInRunning_IsCaught()
    {
        await _db.Get<IScoringStore>().StartRunAsync("Default", "trustscore-v2.0", DateTimeOffset.UtcNow.AddHours(-2));

        var report = await VerifyAsync();

        Assert.That(report.Checks.Single(c => c.Name == "runs stuck in running").Problems, Is.EqualTo(1));
    }
}

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class HousekeepingTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Prune_DeletesWhatAgedOut_AndKeepsEpochStatsScoresAndRecentData()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        var store = db.Get<IValidatorStore>();
        var accounts = TestData.VoteAccounts(3).Select(a => a with { EpochCredits = [new Core.Domain.EpochCredits(752, 2_000, 1_000)] }).ToArray();
        await store.RecordObservationAsync(TestData.Observation(accounts, Now.AddDays(-100)));
        await store.RecordObservationAsync(TestData.Observation(accounts, Now.AddDays(-1), TestData.Slot + 10));
        var scoring = db.Get<IScoringStore>();
        var oldRun = await scoring.StartRunAsync("Default", "v", Now.AddDays(-400));
        await scoring.CompleteRunAsync(oldRun, [], 0, Now.AddDays(-400));
        await db.Get<IAuditLog>().WriteAsync("old", null, new Dictionary<string, string?>());
        await db.CorruptAsync("UPDATE audit_logs SET created_at = " + (provider == "Postgres" ? "'2020-01-01T00:00:00Z'" : "0"));
        await db.Get<IAuditLog>().WriteAsync("recent", null, new Dictionary<string, string?>());

        var pruned = await db.Get<IStorageHousekeeping>().PruneAsync(Now);

        Assert.That(pruned, Is.EqualTo(new PruneReport(3, 1, 0, 0, 0)), "runs are kept unless configured");
        var data = await scoring.LoadScoringDataAsync(new ScoringDataRequest(Now) { UptimeWindow = TimeSpan.FromDays(30) });
        Assert.That(data!.Validators.All(v => v.Credits.Single().Credits == 1_000), Is.True, "per-epoch stats stay");
        Assert.That(data.Validators.All(v => v.Uptime.Total == 1), Is.True);
        Assert.That((await db.Get<IAuditLog>().RecentAsync(10)).Select(a => a.Action), Is.EqualTo(new[] { "recent" }));
        Assert.That(await scoring.ListRunsAsync(10), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Prune_WithRunRetention_DeletesOldRunsAndTheirScores()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        await using var services = StorageProvider.Build(provider, db.ConnectionString, o => o.ScoringRunRetention = TimeSpan.FromDays(30));
        var accounts = TestData.VoteAccounts(2);
        await db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(accounts, Now));
        var scoring = db.Get<IScoringStore>();
        var old = await scoring.StartRunAsync("Default", "v", Now.AddDays(-40));
        await scoring.CompleteRunAsync(old, [.. accounts.Select(a => new TrustScoreRecord { VoteAccount = a.VotePubkey, Score = 1, State = "ELIGIBLE", Profile = "Default", ModelVersion = "v", Breakdown = [], Flags = [] })], 0, Now.AddDays(-40));
        var recent = await scoring.StartRunAsync("Default", "v", Now.AddDays(-1));
        await scoring.CompleteRunAsync(recent, [], 0, Now.AddDays(-1));

        var pruned = await services.GetRequiredService<IStorageHousekeeping>().PruneAsync(Now);

        Assert.That(pruned.ScoringRuns, Is.EqualTo(1));
        Assert.That((await scoring.ListRunsAsync(10)).Select(r => r.Id), Is.EqualTo(new[] { recent }));
        Assert.That((await db.Get<IStorageVerifier>().VerifyAsync()).Checks.Single(c => c.Name.StartsWith("trust scores", StringComparison.Ordinal)).Problems, Is.Zero);
    }
}
