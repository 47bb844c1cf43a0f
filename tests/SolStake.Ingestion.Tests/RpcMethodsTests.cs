using System.Text.Json;
using SolStake.Core.Domain;
using SolStake.Ingestion.Rpc;
using SolStake.Testing;
using Reply = SolStake.Testing.FixtureRpcServer.Reply;

namespace SolStake.Ingestion.Tests;

/// <summary>Every RPC method against the recorded responses, over real HTTP.</summary>
public class RpcMethodsTests
{
    private RpcClientHarness _rpc = null!;

    [SetUp]
    public async Task StartAsync() => _rpc = await RpcClientHarness.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _rpc.DisposeAsync();

    [Test]
    public async Task GetEpochSchedule_Testnet_HasWarmup()
    {
        _rpc.Server.Serve("getEpochSchedule", "testnet-getEpochSchedule-2021-06-25.json");

        var schedule = await _rpc.Client.GetEpochScheduleAsync();

        Assert.That(schedule, Is.EqualTo(new EpochSchedule { SlotsPerEpoch = 432_000, LeaderScheduleSlotOffset = 432_000, Warmup = true, FirstNormalEpoch = 14, FirstNormalSlot = 524_256 }));
    }

    [Test]
    public async Task GetSlot_ReadsTheNumber()
    {
        _rpc.Server.Serve("getSlot", Reply.Json("""{"jsonrpc":"2.0","result":441008166,"id":1}"""));

        Assert.That(await _rpc.Client.GetSlotAsync(), Is.EqualTo(441_008_166UL));
    }

    [Test]
    public async Task GetBlockProduction_WholeEpoch()
    {
        _rpc.Server.Serve("getBlockProduction", "testnet-getBlockProduction-epoch203-2021-06-25.json");

        var production = await _rpc.Client.GetBlockProductionAsync();

        Assert.That(production.ByIdentity, Has.Count.EqualTo(1884));
        Assert.That((production.FirstSlot, production.LastSlot), Is.EqualTo((82_172_256UL, 82_360_969UL)));
        Assert.That(production.ByIdentity[Pubkey.Parse("123vij84ecQEKUvQ7gYMKxKwKF6PbYSzCzzURYA4xULY")], Is.EqualTo(new LeaderSlots(88, 64)));
        Assert.That(production.ByIdentity.Values.All(l => l.BlocksProduced <= l.Slots), Is.True);
    }

    [Test]
    public async Task GetBlockProduction_IdentityAndRange_AreSent()
    {
        _rpc.Server.Serve("getBlockProduction", "testnet-getBlockProduction-identity-range-2021-06-25.json");
        var identity = Pubkey.Parse("123vij84ecQEKUvQ7gYMKxKwKF6PbYSzCzzURYA4xULY");

        var production = await _rpc.Client.GetBlockProductionAsync(new GetBlockProductionRequest { Identity = identity, FirstSlot = 82_300_907, LastSlot = 82_360_969 });

        var config = _rpc.Server.ReceivedFor("getBlockProduction").Single().Params[0];
        Assert.That(config.GetProperty("identity").GetString(), Is.EqualTo(identity.ToString()));
        Assert.That(config.GetProperty("range").GetProperty("firstSlot").GetUInt64(), Is.EqualTo(82_300_907UL));
        Assert.That(config.GetProperty("range").GetProperty("lastSlot").GetUInt64(), Is.EqualTo(82_360_969UL));
        Assert.That(production.ByIdentity.Single().Value.SkipRate, Is.EqualTo(10.0 / 28).Within(1e-12));
    }

    [TestCase("mainnet-getClusterNodes-epoch45-2020-06-28.json", 113)]
    [TestCase("testnet-getClusterNodes-2021-06-25.json", 1995)]
    public async Task GetClusterNodes_Recordings(string fixture, int count)
    {
        _rpc.Server.Serve("getClusterNodes", fixture);

        var nodes = await _rpc.Client.GetClusterNodesAsync();

        Assert.That(nodes, Has.Count.EqualTo(count));
        Assert.That(nodes.Count(n => n.Version is not null), Is.GreaterThan(count / 2));
        Assert.That(nodes.Any(n => n.Rpc is null), Is.True, "nodes without public RPC are kept");
    }

    [Test]
    public async Task GetClusterNodes_LargeFeatureSet_Fits()
    {
        _rpc.Server.Serve("getClusterNodes", "testnet-getClusterNodes-2021-06-25.json");

        var nodes = await _rpc.Client.GetClusterNodesAsync();

        Assert.That(nodes.Single(n => n.Pubkey == Pubkey.Parse("AkkJv1meyo2Ax2XTXEXWpvHTh4F8a68Lja5dx3TaX47K")).FeatureSet, Is.EqualTo(3_097_519_246u));
    }

    [TestCase("mainnet-getProgramAccounts-Config-jsonParsed-2021-10-15.json", 858)]
    [TestCase("mainnet-getProgramAccounts-Config-jsonParsed-2021-10-19.json", 865)]
    [TestCase("mainnet-getProgramAccounts-Config-jsonParsed-2021-11-02.json", 899)]
    [TestCase("mainnet-getProgramAccounts-Config-jsonParsed-2023-08-24.json", 1725)]
    [TestCase("testnet-getProgramAccounts-Config-jsonParsed-2021-10-14.json", 1374)]
    public async Task GetValidatorInfo_KeepsValidatorInfoOnly(string fixture, int count)
    {
        _rpc.Server.Serve("getProgramAccounts", fixture);

        var infos = await _rpc.Client.GetValidatorInfoAsync();

        Assert.That(infos, Has.Count.EqualTo(count), "base64-unparsed and stakeConfig accounts are left out");
        Assert.That(infos.All(i => i.Identity != Pubkey.Parse("Va1idator1nfo111111111111111111111111111111")), Is.True);
        Assert.That(infos.Count(i => i.Name is not null), Is.GreaterThan(count / 2));
        var sent = _rpc.Server.ReceivedFor("getProgramAccounts").Single().Params;
        Assert.That(sent[0].GetString(), Is.EqualTo("Config1111111111111111111111111111111111111"));
        Assert.That(sent[1].GetProperty("encoding").GetString(), Is.EqualTo("jsonParsed"));
    }

    [Test]
    public async Task GetValidatorInfo_DuplicateIdentities_AreAllReturned()
    {
        _rpc.Server.Serve("getProgramAccounts", "mainnet-getProgramAccounts-Config-jsonParsed-2023-08-24.json");

        var infos = await _rpc.Client.GetValidatorInfoAsync();
        var xenon = infos.Single(i => i.Identity == Pubkey.Parse("xenqbo6ErsR8hZgc37gbX4Ujh9fZDR6Y3dpjMKnjr7y"));

        Assert.That(infos.Select(i => i.Identity).Distinct().Count(), Is.LessThanOrEqualTo(infos.Count));
        Assert.That((xenon.Name, xenon.Website, xenon.KeybaseUsername), Is.EqualTo(("Xenon Ecosystem Solana Validator", "https://keybase.io/xenonckrat", "xenonckrat")));
        Assert.That(xenon.InfoAccount, Is.EqualTo(Pubkey.Parse("9rFfQbkdUwpa39RU4LovjpBabCNsk9uxvYtjpZsit9GN")));
    }

    [Test]
    public async Task GetStakeAccounts_ParsesDelegations_AndSendsTheAuthorityFilter()
    {
        // The recording is a bare result array; the server wraps it in a JSON-RPC envelope as a node would.
        var result = await File.ReadAllTextAsync(Fixtures.Path("mainnet-getProgramAccounts-Stake-jsonParsed-wallet83wDqn8-2024-08.json"));
        _rpc.Server.Serve("getProgramAccounts", Reply.Json($$"""{"jsonrpc":"2.0","id":1,"result":{{result}}}"""));
        var wallet = Pubkey.Parse("83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH");

        var accounts = await _rpc.Client.GetStakeAccountsAsync(wallet);

        Assert.That(accounts, Has.Count.EqualTo(7));
        Assert.That(accounts.All(a => a.Staker == wallet), Is.True);
        var first = accounts.Single(a => a.Pubkey == Pubkey.Parse("BYoo5izmpyrkc4fKkJy2gp6Bwc9evt4vgCYYMY3NHu9C"));
        Assert.Multiple(() =>
        {
            Assert.That(first.State, Is.EqualTo(StakeAccountState.Delegated));
            Assert.That(first.Lamports, Is.EqualTo(10_000_000UL));
            Assert.That(first.DelegatedStake, Is.EqualTo(7_717_120UL));
            Assert.That(first.ActivationEpoch, Is.EqualTo(652UL));
            Assert.That(first.DeactivationEpoch, Is.Null, "u64::MAX means not deactivating");
            Assert.That(first.Voter, Is.EqualTo(Pubkey.Parse("J2nUHEAgZFRyuJbFjdqPrAa9gyWDuc7hErtDQHPhsYRp")));
            Assert.That(first.RentExemptReserve, Is.EqualTo(2_282_880UL));
        });
        var filter = _rpc.Server.ReceivedFor("getProgramAccounts").Single().Params[1].GetProperty("filters")[0].GetProperty("memcmp");
        Assert.That((filter.GetProperty("offset").GetInt32(), filter.GetProperty("bytes").GetString()), Is.EqualTo((12, wallet.ToString())));
    }

    [Test]
    public async Task GetStakeAccounts_ByWithdrawer_UsesOffset44()
    {
        _rpc.Server.Serve("getProgramAccounts", Reply.Json("""{"jsonrpc":"2.0","id":1,"result":[]}"""));

        var accounts = await _rpc.Client.GetStakeAccountsAsync(Pubkey.Zero, StakeAuthority.Withdrawer);

        Assert.That(accounts, Is.Empty);
        Assert.That(_rpc.Server.ReceivedFor("getProgramAccounts").Single().Params[1].GetProperty("filters")[0].GetProperty("memcmp").GetProperty("offset").GetInt32(), Is.EqualTo(44));
    }

    [TestCase("mainnet-getInflationReward-vote-epoch407-2023-02-17.json", 2, 1)]
    [TestCase("mainnet-getInflationReward-stake-epoch407-2023-02-06.json", 2, 0)]
    [TestCase("mainnet-getInflationReward-vote-epoch399-2023-01-18.json", 1, 0)]
    [TestCase("mainnet-getInflationReward-vote-epoch1000-2026-07-13.response.json", 1, 0)]
    [TestCase("testnet-getInflationReward-epoch203-2021-06-30.json", 2, 1)]
    [TestCase("devnet-getInflationReward-commissionBps-epoch1100-2026-07-13.response.json", 1, 0)]
    public async Task GetInflationReward_Recordings_KeepOrderAndNulls(string fixture, int count, int nulls)
    {
        _rpc.Server.Serve("getInflationReward", fixture);
        var addresses = Enumerable.Range(0, count).Select(i => new Pubkey([.. Enumerable.Repeat((byte)(i + 1), 32)])).ToArray();

        var rewards = await _rpc.Client.GetInflationRewardAsync(addresses, epoch: 407);

        Assert.That(rewards, Has.Count.EqualTo(count));
        Assert.That(rewards.Count(r => r is null), Is.EqualTo(nulls));
        var sent = _rpc.Server.ReceivedFor("getInflationReward").Single().Params;
        Assert.That(sent[0].GetArrayLength(), Is.EqualTo(count));
        Assert.That(sent[1].GetProperty("epoch").GetUInt64(), Is.EqualTo(407UL));
    }

    [Test]
    public async Task GetInflationReward_CommissionBpsWithNullCommission_IsRead()
    {
        _rpc.Server.Serve("getInflationReward", "devnet-getInflationReward-commissionBps-epoch1100-2026-07-13.response.json");

        var reward = (await _rpc.Client.GetInflationRewardAsync([Pubkey.Parse("vgcDar2pryHvMgPkKaZfh8pQy4BJxv7SpwUG7zinWjG")], 1_100)).Single()!;

        Assert.That(reward.Commission, Is.EqualTo(new Commission(9_500)));
        Assert.That((reward.Epoch, reward.Amount, reward.PostBalance), Is.EqualTo((1_100UL, 51_726_733_407_728UL, 23_722_174_330_619_752UL)));
    }

    [Test]
    public async Task GetInflationReward_RequestMatchesTheRecordedRequest()
    {
        _rpc.Server.Serve("getInflationReward", "devnet-getInflationReward-commissionBps-epoch1100-2026-07-13.response.json");
        using var recorded = JsonDocument.Parse(await File.ReadAllTextAsync(Fixtures.Path("devnet-getInflationReward-commissionBps-epoch1100-2026-07-13.request.json")));

        await _rpc.Client.GetInflationRewardAsync([Pubkey.Parse("vgcDar2pryHvMgPkKaZfh8pQy4BJxv7SpwUG7zinWjG")], 1_100);

        var sent = _rpc.Server.ReceivedFor("getInflationReward").Single().Params;
        var expected = recorded.RootElement.GetProperty("params");
        Assert.That(sent[0].GetRawText(), Is.EqualTo(expected[0].GetRawText()));
        Assert.That(sent[1].GetProperty("epoch").GetUInt64(), Is.EqualTo(expected[1].GetProperty("epoch").GetUInt64()));
    }

    [Test]
    public async Task GetHealth_OkAndUnhealthy()
    {
        _rpc.Server.Enqueue("getHealth", Reply.Json("""{"jsonrpc":"2.0","result":"ok","id":1}"""));
        _rpc.Server.Enqueue("getHealth", Reply.Error(-32005, "Node is unhealthy"));

        var healthy = await _rpc.Client.GetHealthAsync();
        var unhealthy = await _rpc.Client.GetHealthAsync();

        Assert.That(healthy.IsHealthy, Is.True);
        Assert.That(unhealthy.IsHealthy, Is.False);
        Assert.That(unhealthy.Message, Does.Contain("Node is unhealthy"));
    }

    [Test]
    public async Task GetVersion_ReadsHyphenatedFields()
    {
        _rpc.Server.Serve("getVersion", Reply.Json("""{"jsonrpc":"2.0","result":{"feature-set":3294202862,"solana-core":"2.2.16"},"id":1}"""));

        Assert.That(await _rpc.Client.GetVersionAsync(), Is.EqualTo(new NodeVersion("2.2.16", 3_294_202_862)));
    }

    [Test]
    public void MethodMissingOnTheNode_IsATypedError()
    {
        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetBlockProductionAsync());

        Assert.That(ex!.ErrorCode, Is.EqualTo(SolanaRpcException.MethodNotFoundCode));
    }
}
