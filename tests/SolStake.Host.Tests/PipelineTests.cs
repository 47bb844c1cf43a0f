using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion.Cli;
using SolStake.Ingestion.Rpc;
using SolStake.Ingestion.Sync;
using SolStake.Testing;
using Reply = SolStake.Testing.FixtureRpcServer.Reply;

namespace SolStake.Host.Tests;

[TestFixture("Sqlite")]
[TestFixture("Postgres")]
public class PipelineTests(string provider)
{
    private PipelineHarness _h = null!;

    [SetUp]
    public async Task SetUpAsync() => _h = await PipelineHarness.StartAsync(provider);

    [TearDown]
    public async Task TearDownAsync() => await _h.DisposeAsync();

    [Test]
    public async Task Cycle_WithOnlyTheRequiredSources_StoresScoresAndWarnsAboutTheRest()
    {
        _h.Rpc.ServeVoteAccountsWithEpochInfo();

        var report = await _h.Get<IValidatorSync>().RunOnceAsync();

        Assert.That((report.Epoch, report.Current, report.Delinquent, report.Stored), Is.EqualTo((752UL, 1325, 26, 1351)));
        Assert.That(report.Warnings, Has.Some.StartsWith("cluster-nodes: getClusterNodes: JSON-RPC error -32601"));
        Assert.That(report.Warnings, Has.Some.StartsWith("validator-info:"));
        Assert.That(report.Warnings, Has.Some.StartsWith("block-production:751:"));
        Assert.That(report.Warnings, Has.Some.StartsWith("inflation-rewards:751:"));
        Assert.That(report.ScoringRunId, Is.Not.Null);
        var scores = await _h.Get<IScoringStore>().LatestScoresAsync();
        Assert.That(scores, Has.Count.EqualTo(1351));
        Assert.That(scores.Count(s => s.State == "ELIGIBLE"), Is.GreaterThan(1000), "four completed epochs of credits rate most validators");
        Assert.That(_h.Changes.Changes, Is.EqualTo(new[] { DataChange.Validators, DataChange.Scores }));
    }

    [Test]
    public async Task Cycle_CollectsEverySourceAndAsksForTheCompletedEpochsSlotRange()
    {
        _h.Rpc.ServeVoteAccountsWithEpochInfo();
        _h.Rpc.Serve("getClusterNodes", "mainnet-getClusterNodes-epoch45-2020-06-28.json");
        _h.Rpc.Serve("getProgramAccounts", "mainnet-getProgramAccounts-Config-jsonParsed-2023-08-24.json");
        _h.Rpc.Serve("getBlockProduction", "testnet-getBlockProduction-identity-range-2021-06-25.json");
        _h.Rpc.Serve("getInflationReward", Reply.Error(-32004, "Block not available for slot"));

        var report = await _h.Get<IValidatorSync>().RunOnceAsync();

        Assert.That(report.SlowSourcesCollected, Is.True);
        Assert.That(report.BlockProductionEpochs, Is.EqualTo(new[] { 751UL, 750UL }));
        Assert.That(report.RewardEpochs, Is.Empty);
        Assert.That(report.Warnings, Has.Some.Contains("inflation-rewards:751"));
        var ranges = _h.Rpc.ReceivedFor("getBlockProduction").Select(r => r.Params[0].GetProperty("range")).ToList();
        Assert.That(ranges.Select(r => (r.GetProperty("firstSlot").GetUInt64(), r.GetProperty("lastSlot").GetUInt64())),
            Is.EqualTo(new[] { (751UL * 432_000, 752UL * 432_000 - 1), (750UL * 432_000, 751UL * 432_000 - 1) }));
        // Inflation rewards were asked for every vote account, in batches of 100.
        Assert.That(_h.Rpc.ReceivedFor("getInflationReward").Count, Is.GreaterThanOrEqualTo(1));
        var named = (await _h.Get<IValidatorStore>().ListValidatorsAsync()).Count(v => v.Name is not null);
        Assert.That(named, Is.GreaterThan(100), "validator info from the 2023 recording matches many 2025 identities");
    }

    [Test]
    public async Task SlowSources_AreCollectedOncePerInterval()
    {
        _h.Rpc.ServeVoteAccountsWithEpochInfo();
        _h.Rpc.Serve("getClusterNodes", "mainnet-getClusterNodes-epoch45-2020-06-28.json");
        _h.Rpc.Serve("getProgramAccounts", "mainnet-getProgramAccounts-Config-jsonParsed-2023-08-24.json");
        var sync = _h.Get<IValidatorSync>();

        await sync.RunOnceAsync();
        _h.Time.Advance(TimeSpan.FromHours(6));
        var second = await sync.RunOnceAsync();
        _h.Time.Advance(TimeSpan.FromHours(19));
        var third = await sync.RunOnceAsync();

        Assert.That(second.SlowSourcesCollected, Is.False);
        Assert.That(third.SlowSourcesCollected, Is.True);
        Assert.That(_h.Rpc.ReceivedFor("getClusterNodes"), Has.Count.EqualTo(2));
        Assert.That(_h.Rpc.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task CompletedEpochs_AreFetchedOnce()
    {
        _h.Rpc.ServeVoteAccountsWithEpochInfo();
        _h.Rpc.Serve("getBlockProduction", "testnet-getBlockProduction-identity-range-2021-06-25.json");
        _h.Rpc.Serve("getInflationReward", Reply.Json("""{"jsonrpc":"2.0","result":[],"id":1}"""));
        var sync = _h.Get<IValidatorSync>();

        await sync.RunOnceAsync();
        var second = await sync.RunOnceAsync();

        Assert.That(second.BlockProductionEpochs, Is.Empty);
        Assert.That(_h.Rpc.ReceivedFor("getBlockProduction"), Has.Count.EqualTo(2), "751 and 750, once each");
    }

    [Test]
    public async Task RequiredSourceFailing_FailsTheCycle_WritesNothing_AndIsAudited()
    {
        _h.Rpc.Serve("getEpochInfo", "mainnet-getEpochInfo-epoch202-2021-07-16.json");
        _h.Rpc.Serve("getVoteAccounts", Reply.Http(500, "down"));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _h.Get<IValidatorSync>().RunOnceAsync());

        // An HTTP failure fails the whole batch the cycle asks with.
        Assert.That(ex!.Method, Is.EqualTo("batch(getEpochInfo, getVoteAccounts)"));
        Assert.That(await _h.Get<IValidatorStore>().CountValidatorsAsync(), Is.Zero);
        var entry = (await _h.Get<IAuditLog>().RecentAsync(5)).Single();
        Assert.That(entry.Action, Is.EqualTo("sync.failed"));
        Assert.That(entry.Metadata["error"], Does.Contain("getVoteAccounts"));
        Assert.That(entry.Metadata["transient"], Is.EqualTo("true"));
    }

    [Test]
    public async Task TrackedWallet_GetsItsStakeAccounts_AndEveryCycleRefreshesThem()
    {
        _h.Rpc.ServeVoteAccountsWithEpochInfo();
        var stakes = await File.ReadAllTextAsync(Fixtures.Path("mainnet-getProgramAccounts-Stake-jsonParsed-wallet83wDqn8-2024-08.json"));
        _h.Rpc.Serve("getProgramAccounts", Reply.Json($$"""{"jsonrpc":"2.0","id":1,"result":{{stakes}}}"""));
        var wallet = Pubkey.Parse("83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH");

        var tracked = await _h.Get<IWalletTracker>().TrackAsync(wallet, "user-1");
        var report = await _h.Get<IValidatorSync>().RunOnceAsync();

        Assert.That(tracked.StakeAccounts, Has.Count.EqualTo(7));
        Assert.That(tracked.StakeAccounts.Sum(s => (decimal)(s.Account.DelegatedStake ?? 0)), Is.GreaterThan(0));
        Assert.That(report.WalletsRefreshed, Is.EqualTo(1));
        Assert.That((await _h.Get<IAuditLog>().RecentAsync(5)).Any(a => a.Action == "wallet.registered" && a.ActorId == "user-1"), Is.True);
        Assert.That(_h.Changes.Changes, Does.Contain(DataChange.Wallets));
    }

    [Test]
    public async Task ImportingTheSeries_ThenScoring_GivesMultiEpochHistory_AndReimportAddsNothing()
    {
        var importer = _h.Get<ICliSnapshotImporter>();
        var folder = Path.Combine(Fixtures.Directory, "series-epochs-1008-1014");

        var first = await importer.ImportAsync([folder], EpochSchedule.MainnetBeta);
        var again = await importer.ImportAsync([folder], EpochSchedule.MainnetBeta);
        var summary = await _h.Get<IScoringRunner>().RunAsync();
        var data = await _h.Get<IScoringStore>().LoadScoringDataAsync(new ScoringDataRequest(_h.Time.GetUtcNow()) { UptimeWindow = TimeSpan.FromDays(30) });

        Assert.That(first.Epochs, Is.EqualTo(new ulong[] { 1008, 1009, 1010, 1011, 1012, 1013, 1014 }));
        Assert.That(first.NewObservations, Is.GreaterThan(5_000));
        Assert.That(again.NewObservations, Is.Zero);
        Assert.That(data!.Validators.Count(v => v.Credits.Count(c => c.Credits > 0) >= 6), Is.GreaterThan(600), "real multi-epoch history");
        Assert.That(summary!.Eligible, Is.GreaterThan(500));
        Assert.That(summary.Unrated, Is.LessThan(20));
    }

    [Test]
    public void Import_NotADump_FailsNamingTheFile()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"not-a-dump-{Guid.NewGuid():N}.json");
        File.WriteAllText(bad, """{"hello": "world"}""");
        try
        {
            var ex = Assert.ThrowsAsync<FormatException>(() => _h.Get<ICliSnapshotImporter>().ImportAsync([bad], EpochSchedule.MainnetBeta));

            Assert.That(ex!.Message, Does.Contain(bad));
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
