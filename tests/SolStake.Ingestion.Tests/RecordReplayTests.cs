using System.Text.Json;
using SolStake.Core.Domain;
using SolStake.Ingestion.Rpc;
using SolStake.Testing;

namespace SolStake.Ingestion.Tests;

public class RecordReplayTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("solstake-recording-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task Recording_SavesMethodParamsStatusAndBody()
    {
        await using (var rpc = await RpcClientHarness.StartAsync(o => o.RecordDirectory = _folder))
        {
            rpc.Server.Serve("getVoteAccounts", "mainnet-getVoteAccounts-votePubkey-epoch1001-2026-07-13.response.json");
            await rpc.Client.GetVoteAccountsAsync(new GetVoteAccountsRequest { VotePubkey = Pubkey.Parse("CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1") });
        }

        var file = Directory.GetFiles(Path.Combine(_folder, "getVoteAccounts"), "*.json").Single();
        using var recording = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var root = recording.RootElement;
        Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("getVoteAccounts"));
        Assert.That(root.GetProperty("params")[0].GetProperty("votePubkey").GetString(), Is.EqualTo("CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1"));
        Assert.That(root.GetProperty("status").GetInt32(), Is.EqualTo(200));
        Assert.That(root.GetProperty("body").GetProperty("result").GetProperty("current").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task Replay_AnswersOffline_WithTheRecordedResults()
    {
        VoteAccounts live;
        EpochInfo liveInfo;
        await using (var rpc = await RpcClientHarness.StartAsync(o => o.RecordDirectory = _folder))
        {
            rpc.Server.Serve("getVoteAccounts", "mainnet-getVoteAccounts-epoch752-2025-03-07.json");
            rpc.Server.Serve("getEpochInfo", "mainnet-getEpochInfo-epoch202-2021-07-16.json");
            live = await rpc.Client.GetVoteAccountsAsync();
            liveInfo = await rpc.Client.GetEpochInfoAsync();
        }

        // The recording server is gone: the folder alone answers.
        await using var replay = await RpcClientHarness.StartAsync(o => o.RpcUrl = new Uri(_folder, UriKind.RelativeOrAbsolute));
        var replayed = await replay.Client.GetVoteAccountsAsync();

        Assert.That(replayed.Count, Is.EqualTo(live.Count));
        Assert.That(replayed.Current.Select(a => a.VotePubkey), Is.EqualTo(live.Current.Select(a => a.VotePubkey)));
        Assert.That(await replay.Client.GetEpochInfoAsync(), Is.EqualTo(liveInfo));
        Assert.That(replay.Server.Received, Is.Empty, "nothing went over the network");
    }

    [Test]
    public async Task Replay_OtherParams_GetTheMethodsLatestRecording()
    {
        await using (var rpc = await RpcClientHarness.StartAsync(o => o.RecordDirectory = _folder))
        {
            rpc.Server.Serve("getBlockProduction", "testnet-getBlockProduction-identity-range-2021-06-25.json");
            await rpc.Client.GetBlockProductionAsync(new GetBlockProductionRequest { FirstSlot = 1, LastSlot = 2 });
        }

        await using var replay = await RpcClientHarness.StartAsync(o => o.ReplayDirectory = _folder);
        var production = await replay.Client.GetBlockProductionAsync(new GetBlockProductionRequest { FirstSlot = 500, LastSlot = 900 });

        Assert.That(production.ByIdentity, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Replay_MethodNeverRecorded_IsMethodNotFound()
    {
        await using var replay = await RpcClientHarness.StartAsync(o => o.ReplayDirectory = _folder);

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => replay.Client.GetClusterNodesAsync());

        Assert.That(ex!.ErrorCode, Is.EqualTo(SolanaRpcException.MethodNotFoundCode));
        Assert.That(ex.IsTransient, Is.False);
    }

    [Test]
    public void Replay_FolderThatDoesNotExist_FailsValidation()
    {
        var ex = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var replay = await RpcClientHarness.StartAsync(o => o.RpcUrl = new Uri("/nonexistent/solstake-replay", UriKind.RelativeOrAbsolute));
            await replay.Client.GetEpochInfoAsync();
        });

        Assert.That(ex!.Message, Does.Contain("replay folder"));
    }
}
