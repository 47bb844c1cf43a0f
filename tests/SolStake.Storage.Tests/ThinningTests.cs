using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

/// <summary>Beyond the full-resolution age, housekeeping keeps one scoring run per epoch and profile: the epoch's last.</summary>
[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class ThinningTests(string provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly VoteAccount[] Accounts = TestData.VoteAccounts(2);

    [Test]
    public async Task Prune_KeepsTheLastRunOfEachEpochBeyondTheAge_AndEveryRecentRun()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        var scoring = db.Get<IScoringStore>();
        var store = db.Get<IValidatorStore>();

        // Epoch 750, 50 days ago: three Default runs, one failed, one of another profile; epoch 751: two; epoch 752, recent: two.
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-50), 750 * 432_000UL + 10));
        var e750 = new[] { await RunAsync(scoring, Now.AddDays(-50)), await RunAsync(scoring, Now.AddDays(-49.75)), await RunAsync(scoring, Now.AddDays(-49.5)) };
        var failed = await scoring.StartRunAsync("Default", "v", Now.AddDays(-49.6));
        await scoring.FailRunAsync(failed, "boom", Now.AddDays(-49.6));
        var otherProfile = await RunAsync(scoring, Now.AddDays(-49.9), "SfdpLike");
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-45), 751 * 432_000UL + 10));
        var e751 = new[] { await RunAsync(scoring, Now.AddDays(-45)), await RunAsync(scoring, Now.AddDays(-44.75)) };
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-1), 752 * 432_000UL + 10));
        var e752 = new[] { await RunAsync(scoring, Now.AddDays(-1)), await RunAsync(scoring, Now.AddDays(-0.75)) };

        await using var services = StorageProvider.Build(provider, db.ConnectionString, o => o.ScoreHistoryFullResolution = TimeSpan.FromDays(30));
        var pruned = await services.GetRequiredService<IStorageHousekeeping>().PruneAsync(Now);

        Assert.That(pruned.ThinnedScoringRuns, Is.EqualTo(3));
        Assert.That((await scoring.ListRunsAsync(20)).Select(r => r.Id).Order(),
            Is.EqualTo(new[] { e750[2], failed, otherProfile, e751[1], e752[0], e752[1] }.Order()), "each epoch's last run of a profile, failed runs and recent runs stay");
        var history = await db.Get<IScoreReader>().ScoreHistoryAsync([1], 100);
        Assert.That(history[1].Select(s => s.ScoringRunId), Is.EqualTo(new[] { e752[1], e752[0], e751[1], otherProfile, e750[2] }), "one score per epoch beyond the age");
        Assert.That((await db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);

        var again = await services.GetRequiredService<IStorageHousekeeping>().PruneAsync(Now);
        Assert.That(again.ThinnedScoringRuns, Is.Zero, "thinning is idempotent");
    }

    [Test]
    public async Task Prune_ByDefault_ThinsBeyond30Days_AndNullKeepsEveryRun()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        var scoring = db.Get<IScoringStore>();
        await db.Get<IValidatorStore>().RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-40)));
        await RunAsync(scoring, Now.AddDays(-40));
        await RunAsync(scoring, Now.AddDays(-39.75));

        await using (var keepAll = StorageProvider.Build(provider, db.ConnectionString, o => o.ScoreHistoryFullResolution = null))
        {
            Assert.That((await keepAll.GetRequiredService<IStorageHousekeeping>().PruneAsync(Now)).ThinnedScoringRuns, Is.Zero);
        }

        Assert.That((await db.Get<IStorageHousekeeping>().PruneAsync(Now)).ThinnedScoringRuns, Is.EqualTo(1));
    }

    [Test]
    public async Task Migration_OnAFilledDatabase_GivesEveryRunItsEpoch_AndLosesNoScore()
    {
        await using var db = await StorageProvider.CreateAsync(provider);
        await db.Get<IStorageMigrator>().MigrateAsync();
        var store = db.Get<IValidatorStore>();
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-50), 750 * 432_000UL + 10));
        await store.RecordObservationAsync(TestData.Observation(Accounts, Now.AddDays(-45), 751 * 432_000UL + 10));
        var pending = await db.MigrateToBeforeAsync("ScoringRunEpoch");
        // Runs as the previous layout stored them (no epoch column): two right after each observation, at its time.
        var json = provider == "Postgres" ? "CAST('[]' AS jsonb)" : "'[]'";
        foreach (var epoch in new[] { 750, 751 })
        {
            for (var i = 0; i < 2; i++)
            {
                await db.CorruptAsync($"""
                    INSERT INTO scoring_runs (run_date, status, profile, model_version, validator_count, success_count, fail_count, created_at)
                    SELECT MAX(observed_at), 'completed', 'Default', 'v', 2, 2, 0, MAX(observed_at) FROM validator_observations WHERE epoch = {epoch};
                    INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at)
                    SELECT v.id, (SELECT MAX(id) FROM scoring_runs), 50, 'ELIGIBLE', 'Default', 'v', {json}, {json}, (SELECT MAX(run_date) FROM scoring_runs) FROM validators v
                    """);
            }
        }

        var applied = await db.Get<IStorageMigrator>().MigrateAsync();

        Assert.That(applied, Is.EqualTo(pending));
        var history = await db.Get<IScoreReader>().ScoreHistoryAsync([1, 2], 100);
        Assert.That(history.Values.Select(h => h.Count), Is.EqualTo(new[] { 4, 4 }), "every stored score is still there");
        var pruned = await db.Get<IStorageHousekeeping>().PruneAsync(Now);
        Assert.That(pruned.ThinnedScoringRuns, Is.EqualTo(2), "each run got its epoch: one run of each epoch is thinned");
        Assert.That((await db.Get<IScoreReader>().ScoreHistoryAsync([1], 100))[1], Has.Count.EqualTo(2));
        var samples = (await db.Get<IScoringStore>().LoadScoringDataAsync(new ScoringDataRequest(Now) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.Select(v => v.CommissionSamples);
        Assert.That(samples, Is.All.EqualTo(new[] { new CommissionSample(750, 10, Accounts[0].Commission) }).Or.EqualTo(new[] { new CommissionSample(750, 10, Accounts[1].Commission) }),
            "the commission changes are read from the observations stored before");
    }

    private static Task<long> RunAsync(IScoringStore scoring, DateTimeOffset at, string profile = "Default") => TestData.CompletedRunAsync(scoring, Accounts, at, profile);
}
