using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;

namespace SolStake.Storage.Tests;

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class HistoryStoreTests(string provider)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private StorageProvider _db = null!;
    private IValidatorStore _store = null!;
    private IScoringStore _scoring = null!;

    [SetUp]
    public async Task CreateDatabaseAsync()
    {
        _db = await StorageProvider.CreateAsync(provider);
        await _db.Get<IStorageMigrator>().MigrateAsync();
        _store = _db.Get<IValidatorStore>();
        _scoring = _db.Get<IScoringStore>();
    }

    [TearDown]
    public async Task DropAsync() => await _db.DisposeAsync();

    private static VoteAccount Account(int i, byte commission = 5, bool delinquent = false, params EpochCredits[] credits) =>
        TestData.VoteAccounts(i + 1)[i] with { Commission = Commission.FromPercent(commission), Delinquent = delinquent, EpochCredits = credits };

    [Test]
    public async Task Observation_StoresPerEpochCreditsWithGapsAsZero_AndTheCurrentEpochsCommissionAndStake()
    {
        var account = Account(0, 7, false, new EpochCredits(749, 1_000, 600), new EpochCredits(751, 1_300, 1_000), new EpochCredits(752, 1_500, 1_300));

        var written = await _store.RecordObservationAsync(TestData.Observation([account], T0));
        var data = await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) });

        Assert.That(written, Is.EqualTo(new ObservationWriteResult(1, 1, 4)));
        var history = data!.Validators.Single();
        Assert.That(history.Credits.OrderBy(c => c.Epoch), Is.EqualTo(new[] { new EpochCredit(749, 400), new EpochCredit(750, 0), new EpochCredit(751, 300), new EpochCredit(752, 200) }));
        Assert.That(history.CommissionSamples.Single(), Is.EqualTo(new CommissionSample(752, TestData.Slot % 432_000, Commission.FromPercent(7))));
        Assert.That((data.CurrentEpoch, data.SlotsPerEpoch), Is.EqualTo((752UL, 432_000UL)));
        Assert.That(data.EpochProgress, Is.EqualTo((TestData.Slot % 432_000) / 432_000.0).Within(1e-9));
        var epochs = await _store.ListEpochsAsync(10);
        Assert.That(epochs.Single(), Is.EqualTo(new EpochRecord { Epoch = 752, FirstSlot = 752 * 432_000UL, SlotsInEpoch = 432_000, LastObservedSlot = TestData.Slot }));
    }

    [Test]
    public async Task Credits_OfTheRunningEpoch_OnlyGrow_AndCommissionChangesAreSamplesInTimeOrder()
    {
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5, false, new EpochCredits(752, 2_000, 1_000))], T0));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 7, false, new EpochCredits(752, 2_500, 1_000))], T0.AddMinutes(10), TestData.Slot + 1_000));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 7, false, new EpochCredits(752, 2_400, 1_000))], T0.AddMinutes(20), TestData.Slot + 2_000));

        var history = (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0.AddMinutes(20)) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.Single();

        Assert.That(history.Credits.Single(), Is.EqualTo(new EpochCredit(752, 1_500)));
        Assert.That(history.CommissionSamples.Select(s => s.Commission.BasisPoints), Is.EqualTo(new ushort[] { 500, 700 }), "one sample per change");
    }

    [Test]
    public async Task TheRunningEpochsRow_KeepsItsHighestSampledCommission_AndItsLatestStake_WhileItsCreditsStand()
    {
        var credits = new[] { new EpochCredits(751, 1_000, 0), new EpochCredits(752, 2_000, 1_000) };
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5, false, credits) with { ActivatedStake = 100 }], T0));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 10, false, credits) with { ActivatedStake = 100 }], T0.AddMinutes(10), TestData.Slot + 1_000));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5, false, credits) with { ActivatedStake = 300 }], T0.AddMinutes(20), TestData.Slot + 2_000));
        var written = await _store.RecordObservationAsync(TestData.Observation([Account(0, 5, false, credits) with { ActivatedStake = 300 }], T0.AddMinutes(30), TestData.Slot + 3_000));

        var epochs = (await _db.Get<IScoreReader>().EpochPerformanceAsync([1], 10))[1];

        Assert.That(epochs.Select(e => (e.Epoch, e.Credits, e.MaxSampledCommission?.BasisPoints, e.ActivatedStake)),
            Is.EqualTo(new (ulong, ulong, ushort?, ulong?)[] { (752, 1_000, 1_000, 300), (751, 1_000, null, null) }));
        Assert.That(written.EpochStats, Is.Zero, "an observation that changes nothing rewrites no row");
    }

    [Test]
    public async Task CommissionHistory_OutlivesPrunedObservations()
    {
        const ulong Epoch700 = 700 * 432_000UL;
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5)], T0.AddDays(-100), Epoch700 + 10));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 10)], T0.AddDays(-95), Epoch700 + 432_000 + 20));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 10)], T0.AddDays(-1), TestData.Slot));

        var pruned = await _db.Get<IStorageHousekeeping>().PruneAsync(T0);
        var history = (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.Single();

        Assert.That(pruned.Observations, Is.EqualTo(2));
        Assert.That(history.CommissionSamples, Is.EqualTo(new[]
        {
            new CommissionSample(700, 10, Commission.FromPercent(5)),
            new CommissionSample(701, 20, Commission.FromPercent(10)),
        }), "the raise stays known after the observations that showed it are gone");
    }

    [Test]
    public async Task AValidatorBackAfterItsObservationsWerePruned_IsJudgedAgainstItsLastChange()
    {
        const ulong Epoch700 = 700 * 432_000UL;
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5), Account(1, 5)], T0.AddDays(-100), Epoch700 + 10));
        Assert.That((await _db.Get<IStorageHousekeeping>().PruneAsync(T0.AddDays(-1))).Observations, Is.EqualTo(2));

        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5), Account(1, 8)], T0, TestData.Slot));
        var samples = (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators
            .ToDictionary(v => v.VoteAccount, v => v.CommissionSamples.Select(c => (int)c.Commission.BasisPoints));

        Assert.That(samples[Account(0).VotePubkey], Is.EqualTo(new[] { 500 }), "the same commission as its last change is no change");
        Assert.That(samples[Account(1).VotePubkey], Is.EqualTo(new[] { 500, 800 }));
    }

    [Test]
    public async Task AnObservationStoredOutOfOrder_IsJudgedAgainstItsNeighbours()
    {
        // Syncs store observations in slot order; an imported snapshot can come later with an earlier slot.
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5)], T0, TestData.Slot + 2_000));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 7)], T0, TestData.Slot));
        Assert.That(await SampledAsync(), Is.EqualTo(new[] { (TestData.Slot, 700), (TestData.Slot + 2_000, 500) }));

        await _store.RecordObservationAsync(TestData.Observation([Account(0, 5)], T0, TestData.Slot + 1_000));
        Assert.That(await SampledAsync(), Is.EqualTo(new[] { (TestData.Slot, 700), (TestData.Slot + 1_000, 500) }), "the later 5 % is no change any more");

        await _store.RecordObservationAsync(TestData.Observation([Account(0, 7)], T0, TestData.Slot + 3_000));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, 7)], T0, TestData.Slot + 3_000));
        Assert.That(await SampledAsync(), Is.EqualTo(new[] { (TestData.Slot, 700), (TestData.Slot + 1_000, 500), (TestData.Slot + 3_000, 700) }), "the same snapshot twice changes nothing");

        async Task<(ulong Slot, int Bps)[]> SampledAsync() =>
            [.. (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.Single().CommissionSamples
                .Select(s => ((s.Epoch * 432_000) + s.SlotIndex, (int)s.Commission.BasisPoints))];
    }

    [Test]
    public async Task Uptime_IsTheShareOfObservationsVoting()
    {
        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, delinquent: true)], T0.AddMinutes(10), TestData.Slot + 1));
        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0.AddMinutes(20), TestData.Slot + 2));
        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0.AddMinutes(30), TestData.Slot + 3));

        var validator = (await _store.ListValidatorsAsync()).Single();
        var history = (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0.AddMinutes(30)) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.Single();

        Assert.That(validator.Uptime, Is.EqualTo(75.0).Within(1e-9));
        Assert.That(history.Uptime, Is.EqualTo(new UptimeObservations(3, 4)));
    }

    [Test]
    public async Task Uptime_CountsTheLast30Days_AsObservationsArriveAndLeave()
    {
        var uptimes = new List<double>();
        var at = new[] { T0, T0.AddDays(20), T0.AddDays(40), T0.AddDays(75) };
        for (var i = 0; i < at.Length; i++)
        {
            await _store.RecordObservationAsync(TestData.Observation([Account(0, delinquent: i == 0)], at[i], TestData.Slot + (ulong)i));
            uptimes.Add((await _store.ListValidatorsAsync()).Single().Uptime);
        }

        // The window of the third holds the second and the third; the fourth's holds itself alone.
        Assert.That(uptimes, Is.EqualTo(new[] { 0.0, 50.0, 100.0, 100.0 }));
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True, "the kept counts equal a count of the window");
    }

    [Test]
    public async Task Uptime_OfAValidatorGoneFromTheCluster_LosesWhatLeavesItsWindow_AndKeepsItsLastShare()
    {
        await _store.RecordObservationAsync(TestData.Observation([Account(0), Account(1, delinquent: true)], T0, TestData.Slot));
        await _store.RecordObservationAsync(TestData.Observation([Account(0), Account(1)], T0.AddDays(10), TestData.Slot + 1));
        async Task<double> GoneAsync() => (await _store.ListValidatorsAsync()).Single(v => v.VoteAccount == Account(1).VotePubkey).Uptime;
        Assert.That(await GoneAsync(), Is.EqualTo(50.0));

        // The second validator is in no later snapshot: its first observation leaves the window of the third, and its
        // second the window of the fourth, after which nothing of it is counted and its last share stands.
        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0.AddDays(35), TestData.Slot + 2));
        Assert.That(await GoneAsync(), Is.EqualTo(100.0));
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);

        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0.AddDays(45), TestData.Slot + 3));
        Assert.That(await GoneAsync(), Is.EqualTo(100.0));
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True, "the kept counts equal a count of the window");
    }

    [Test]
    public async Task Uptime_OfSnapshotsStoredAtOnce_CountsEachOnce()
    {
        var accounts = Enumerable.Range(0, 50).Select(i => Account(i)).ToArray();
        await _store.RecordObservationAsync(TestData.Observation(accounts, T0, TestData.Slot));
        // Each of these moves the window past the first snapshot: stored concurrently, they must take it out once.
        await Task.WhenAll(Enumerable.Range(1, 8).Select(i => _store.RecordObservationAsync(
            TestData.Observation([.. accounts.Select(a => a with { Delinquent = i % 2 == 0 })], T0.AddDays(30 + i), TestData.Slot + (ulong)i))));

        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True, "the kept counts equal a count of the window");
        Assert.That((await _store.ListValidatorsAsync()).Select(v => v.Uptime).Distinct(), Is.EqualTo(new[] { 50.0 }));
    }

    [Test]
    public async Task Uptime_IsNotMovedByAnOldSnapshotImportedLater_NorByTheSameSnapshotStoredTwice()
    {
        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0, TestData.Slot + 100));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, delinquent: true)], T0.AddMinutes(10), TestData.Slot + 200));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, delinquent: true)], T0.AddMinutes(10), TestData.Slot + 200));
        Assert.That((await _store.ListValidatorsAsync()).Single().Uptime, Is.EqualTo(50.0));

        // A snapshot of two months ago, imported now: stored, outside the current window.
        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0.AddDays(-60), TestData.Slot));
        // One of the window, imported out of order: counted.
        await _store.RecordObservationAsync(TestData.Observation([Account(0, delinquent: true)], T0.AddMinutes(5), TestData.Slot + 150));

        Assert.That((await _store.ListValidatorsAsync()).Single().Uptime, Is.EqualTo(100.0 / 3).Within(1e-9));
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);
    }

    [Test]
    public async Task Uptime_AfterPruningInsideTheWindow_CountsWhatIsLeft()
    {
        await _store.RecordObservationAsync(TestData.Observation([Account(0, delinquent: true)], T0, TestData.Slot));
        await _store.RecordObservationAsync(TestData.Observation([Account(0)], T0.AddDays(10), TestData.Slot + 1));
        Assert.That((await _store.ListValidatorsAsync()).Single().Uptime, Is.EqualTo(50.0));

        await using var services = StorageProvider.Build(provider, _db.ConnectionString, o => o.ObservationRetention = TimeSpan.FromDays(5));
        var pruned = await services.GetRequiredService<IStorageHousekeeping>().PruneAsync(T0.AddDays(11));

        Assert.That(pruned.Observations, Is.EqualTo(1));
        Assert.That((await _store.ListValidatorsAsync()).Single().Uptime, Is.EqualTo(100.0));
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);
    }

    [Test]
    public async Task UptimeCounts_Migration_OnAFilledDatabase_CountsEachWindowAtTheNextObservation()
    {
        await _store.RecordObservationAsync(TestData.Observation([Account(0), Account(1, delinquent: true)], T0, TestData.Slot));
        await _store.RecordObservationAsync(TestData.Observation([Account(0, delinquent: true), Account(1, delinquent: true)], T0.AddHours(6), TestData.Slot + 1));
        var pending = await _db.MigrateToBeforeAsync("UptimeCounts");

        var applied = await _db.Get<IStorageMigrator>().MigrateAsync();
        await _store.RecordObservationAsync(TestData.Observation([Account(0), Account(1)], T0.AddHours(12), TestData.Slot + 2));

        Assert.That(applied, Is.EqualTo(pending));
        Assert.That((await _store.ListValidatorsAsync()).Select(v => v.Uptime).Order(), Is.EqualTo(new[] { 100.0 / 3, 200.0 / 3 }).Within(1e-9));
        Assert.That((await _db.Get<IStorageVerifier>().VerifyAsync()).IsSound, Is.True);
    }

    [Test]
    public async Task ValidatorInfo_FullestEntryPerIdentityWins_AndNoneIsRecordedAsCollected()
    {
        var a = Account(0);
        var b = Account(1);
        await _store.RecordObservationAsync(TestData.Observation([a, b], T0));

        await _store.UpdateValidatorInfoAsync(
        [
            new PublishedValidatorInfo { InfoAccount = TestData.Key(50), Identity = a.NodePubkey, Name = "Short" },
            new PublishedValidatorInfo { InfoAccount = TestData.Key(51), Identity = a.NodePubkey, Name = "Full", Website = "https://w", Details = "d", IconUrl = "https://i" },
        ], T0);
        var validators = (await _store.ListValidatorsAsync()).ToDictionary(v => v.VoteAccount);
        var histories = (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.ToDictionary(v => v.VoteAccount);

        Assert.That((validators[a.VotePubkey].Name, validators[a.VotePubkey].Website), Is.EqualTo(("Full", "https://w")));
        Assert.That(validators[b.VotePubkey].Name, Is.Null);
        Assert.That(histories[a.VotePubkey].Info, Is.EqualTo(new ValidatorInfo("Full", "https://w", "d", "https://i")));
        Assert.That(histories[b.VotePubkey].Info, Is.EqualTo(ValidatorInfo.None), "info was collected: this validator published none");
    }

    [Test]
    public async Task Versions_AreStoredByIdentity()
    {
        var a = Account(0);
        var b = Account(1);
        await _store.RecordObservationAsync(TestData.Observation([a, b], T0));

        await _store.UpdateVersionsAsync(new Dictionary<Pubkey, string?> { [a.NodePubkey] = "2.2.16" }, T0);

        var validators = (await _store.ListValidatorsAsync()).ToDictionary(v => v.VoteAccount);
        Assert.That(validators[a.VotePubkey].Version, Is.EqualTo("2.2.16"));
        Assert.That(validators[b.VotePubkey].Version, Is.Null, "absent from gossip");
    }

    [Test]
    public async Task BlockProduction_GoesToTheIdentitysMostRecentVoter_AndMarksTheEpoch()
    {
        var older = Account(0) with { LastVote = 100 };
        var newer = Account(1) with { NodePubkey = older.NodePubkey, LastVote = 200 };
        await _store.RecordObservationAsync(TestData.Observation([older, newer], T0));

        var written = await _store.RecordBlockProductionAsync(751, new BlockProduction(1, 2, new Dictionary<Pubkey, LeaderSlots> { [older.NodePubkey] = new(40, 38) }), T0);

        var histories = (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.ToDictionary(v => v.VoteAccount);
        Assert.That(written, Is.EqualTo(1));
        Assert.That(histories[newer.VotePubkey].BlockProduction.Single(), Is.EqualTo(new EpochBlockProduction(751, 40, 38)));
        Assert.That(histories[older.VotePubkey].BlockProduction, Is.Empty);
        Assert.That((await _store.ListEpochsAsync(5)).Single(e => e.Epoch == 751).BlockProductionFetchedAt, Is.EqualTo(T0));
    }

    [Test]
    public async Task InflationRewards_StoreThePayoutCommission()
    {
        var a = Account(0);
        await _store.RecordObservationAsync(TestData.Observation([a], T0));

        await _store.RecordInflationRewardsAsync(751, [new(a.VotePubkey, new InflationReward { Epoch = 751, Amount = 5, Commission = Commission.FromPercent(10) })], T0);

        var history = (await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) }))!.Validators.Single();
        Assert.That(history.EffectiveCommissions.Single(), Is.EqualTo(new EpochCommission(751, Commission.FromPercent(10))));
        Assert.That((await _store.ListEpochsAsync(5)).Single(e => e.Epoch == 751).RewardsFetchedAt, Is.EqualTo(T0));
    }

    [Test]
    public async Task ScoringData_BeforeAnyObservation_IsNull()
    {
        Assert.That(await _scoring.LoadScoringDataAsync(new ScoringDataRequest(T0) { UptimeWindow = TimeSpan.FromDays(30) }), Is.Null);
    }

    [Test]
    public async Task ScoringRun_ScoresAppearOnlyWhenTheRunCompletes()
    {
        var accounts = TestData.VoteAccounts(3);
        await _store.RecordObservationAsync(TestData.Observation(accounts, T0));
        var first = await _scoring.StartRunAsync("Default", "trustscore-v2.0", T0);
        await _scoring.CompleteRunAsync(first, [.. accounts.Select(a => Score(a.VotePubkey, 50))], failed: 0, T0.AddSeconds(1));

        var second = await _scoring.StartRunAsync("Default", "trustscore-v2.0", T0.AddHours(1));
        var whileRunning = await _scoring.LatestScoresAsync();
        await _scoring.CompleteRunAsync(second, [.. accounts.Select(a => Score(a.VotePubkey, 80))], failed: 1, T0.AddHours(1).AddSeconds(1));
        var afterwards = await _scoring.LatestScoresAsync();
        var runs = await _scoring.ListRunsAsync(10);

        Assert.That(whileRunning.Select(s => s.Score), Is.All.EqualTo(50m));
        Assert.That(afterwards.Select(s => s.Score), Is.All.EqualTo(80m));
        Assert.That(afterwards[0].Breakdown.Single(), Is.EqualTo(new ScoreLine("VOTE_EFFECTIVENESS", 25, 25, "fine")));
        Assert.That(afterwards[0].Flags, Is.EqualTo(new[] { "NO_GOSSIP" }));
        Assert.That(runs[0], Is.EqualTo(runs[0] with { Id = second, Status = "completed", ValidatorCount = 4, SuccessCount = 3, FailCount = 1 }));
        Assert.That(afterwards.All(s => s.Id > 0 && s.ValidatorId > 0 && s.ScoringRunId == second), Is.True);
    }

    [Test]
    public async Task ScoringRun_ScoresWithTheirOwnProfiles_KeepEach()
    {
        // A run's scores share its profile and model version (bound once); scores that do not keep their own.
        var accounts = TestData.VoteAccounts(3);
        await _store.RecordObservationAsync(TestData.Observation(accounts, T0));
        var run = await _scoring.StartRunAsync("Default", "trustscore-v2.0", T0);
        await _scoring.CompleteRunAsync(run, [Score(accounts[0].VotePubkey, 50), Score(accounts[1].VotePubkey, 60) with { Profile = "Conservative" },
            Score(accounts[2].VotePubkey, 70) with { ModelVersion = "trustscore-v1.9" }], failed: 0, T0.AddSeconds(1));

        var stored = (await _scoring.LatestScoresAsync()).Select(s => (s.VoteAccount, s.Score, s.Profile, s.ModelVersion));

        Assert.That(stored, Is.EquivalentTo(new[]
        {
            (accounts[0].VotePubkey, 50m, "Default", "trustscore-v2.0"),
            (accounts[1].VotePubkey, 60m, "Conservative", "trustscore-v2.0"),
            (accounts[2].VotePubkey, 70m, "Default", "trustscore-v1.9"),
        }));
    }

    [Test]
    public async Task CompletingARunThatIsNotRunning_IsRefused()
    {
        var run = await _scoring.StartRunAsync("Default", "trustscore-v2.0", T0);
        await _scoring.FailRunAsync(run, "boom", T0);

        var ex = Assert.ThrowsAsync<StorageException>(() => _scoring.CompleteRunAsync(run, [], 0, T0));

        Assert.That(ex!.Message, Does.Contain("not running"));
        Assert.That((await _scoring.ListRunsAsync(1)).Single().Error, Is.EqualTo("boom"));
    }

    [Test]
    public async Task RunLeftRunningByACrash_IsMarkedFailedAtTheNextStart()
    {
        var run = await _scoring.StartRunAsync("Default", "trustscore-v2.0", T0);

        // A new process starts on the same database, with the crash long enough ago.
        await using var next = StorageProvider.Build(provider, _db.ConnectionString, o => o.AbandonedRunAfter = TimeSpan.Zero);
        foreach (var service in next.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var stored = (await _scoring.ListRunsAsync(1)).Single();
        Assert.That((stored.Id, stored.Status), Is.EqualTo((run, "failed")));
        Assert.That(stored.Error, Does.Contain("abandoned"));
    }

    [Test]
    public async Task AStartWithNoAbandonedRun_LeavesTheDataVersionAsItWas()
    {
        // Every host's start looks for abandoned runs: finding none must not look like a change to the other instances.
        var run = await _scoring.StartRunAsync("Default", "trustscore-v2.0", T0);
        await _scoring.CompleteRunAsync(run, [], failed: 0, T0.AddSeconds(1));
        var versions = _db.Get<IDataVersionSource>();
        var before = await versions.ReadAsync();

        var failed = await _scoring.FailAbandonedRunsAsync(T0.AddDays(1), T0.AddDays(1));

        Assert.That(failed, Is.Zero);
        Assert.That(await versions.ReadAsync(), Is.EqualTo(before));
    }

    private static TrustScoreRecord Score(Pubkey vote, decimal score) => new()
    {
        VoteAccount = vote,
        Score = score,
        State = "ELIGIBLE",
        Profile = "Default",
        ModelVersion = "trustscore-v2.0",
        Breakdown = [new ScoreLine("VOTE_EFFECTIVENESS", 25, 25, "fine")],
        Flags = ["NO_GOSSIP"],
    };
}
