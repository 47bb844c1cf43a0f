using System.Net;
using System.Text.Json;
using SolStake.Core.Domain;
using SolStake.Ingestion.Rpc;
using SolStake.Testing;
using Reply = SolStake.Testing.FixtureRpcServer.Reply;

namespace SolStake.Ingestion.Tests;

public class SolanaRpcClientTests
{
    private RpcClientHarness _rpc = null!;

    [SetUp]
    public async Task StartAsync() => _rpc = await RpcClientHarness.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _rpc.DisposeAsync();

    [Test]
    public async Task GetVoteAccounts_MainnetEpoch752_ParsesEveryAccount()
    {
        _rpc.Server.Serve("getVoteAccounts", "mainnet-getVoteAccounts-epoch752-2025-03-07.json");

        var accounts = await _rpc.Client.GetVoteAccountsAsync();

        Assert.That(accounts.Current, Has.Count.EqualTo(1325));
        Assert.That(accounts.Delinquent, Has.Count.EqualTo(26));
        var first = accounts.Current[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.VotePubkey.ToString(), Is.EqualTo("6D9w8FRw5EFr5qtZEphPpughN3W8zc8p6zMXg4PFuaXL"));
            Assert.That(first.NodePubkey.ToString(), Is.EqualTo("AjGby82yXeYgj3kmng9y3c4nQpZFmiPpJKecLJTHbfbP"));
            Assert.That(first.ActivatedStake, Is.EqualTo(23_489_100_127_652UL));
            Assert.That(first.Commission.BasisPoints, Is.Zero);
            Assert.That(first.EpochVoteAccount, Is.True);
            Assert.That(first.LastVote, Is.EqualTo(325_058_116UL));
            Assert.That(first.RootSlot, Is.EqualTo(325_058_085UL));
            Assert.That(first.Delinquent, Is.False);
            Assert.That(first.EpochCredits, Has.Count.EqualTo(5));
            Assert.That(first.EpochCredits[^1], Is.EqualTo(new EpochCredits(752, 362_072_660, 358_984_678)));
            Assert.That(accounts.Delinquent.All(a => a.Delinquent), Is.True);
            Assert.That(accounts.Current.Any(a => a.Delinquent), Is.False);
        });
    }

    [TestCase("mainnet-getVoteAccounts-epoch45-2020-06-28.json", 92, 6)]
    [TestCase("testnet-getVoteAccounts-epoch202-2021-06-21.json", 1914, 205)]
    [TestCase("testnet-getVoteAccounts-votePubkey-epoch202-2021-06-22.json", 1, 0)]
    [TestCase("mainnet-getVoteAccounts-votePubkey-epoch1001-2026-07-13.response.json", 1, 0)]
    public async Task GetVoteAccounts_EveryRecording_Parses(string fixture, int current, int delinquent)
    {
        _rpc.Server.Serve("getVoteAccounts", fixture);

        var accounts = await _rpc.Client.GetVoteAccountsAsync();

        Assert.That(accounts.Current, Has.Count.EqualTo(current));
        Assert.That(accounts.Delinquent, Has.Count.EqualTo(delinquent));
        Assert.That(accounts.All().All(a => a.VotePubkey != Pubkey.Zero && a.EpochCredits.All(c => c.Credits >= c.PreviousCredits)), Is.True);
    }

    [Test]
    public async Task GetVoteAccounts_BasisPointsServed_WinOverPercent()
    {
        _rpc.Server.Serve("getVoteAccounts", "mainnet-getVoteAccounts-votePubkey-epoch1001-2026-07-13.response.json");

        var account = (await _rpc.Client.GetVoteAccountsAsync()).Current.Single();

        Assert.That(account.Commission.BasisPoints, Is.EqualTo(700));
        Assert.That(account.ActivatedStake, Is.EqualTo(16_395_628_327_252_359UL));
    }

    [Test]
    public async Task GetVoteAccounts_OnlyBasisPoints_UsesThem()
    {
        _rpc.Server.Serve("getVoteAccounts", Reply.Json("""
            {"jsonrpc":"2.0","id":1,"result":{"current":[{"activatedStake":"18446744073709551615","commission":null,"inflationRewardsCommissionBps":725,
              "epochCredits":[],"epochVoteAccount":true,"lastVote":1,"nodePubkey":"Fd7btgySsrjuo25CJCj7oE7VPMyezDhnx7pZkj2v69Nk","rootSlot":0,
              "votePubkey":"CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1"}],"delinquent":[]}}
            """));

        var account = (await _rpc.Client.GetVoteAccountsAsync()).Current.Single();

        Assert.That(account.Commission.BasisPoints, Is.EqualTo(725));
        Assert.That(account.ActivatedStake, Is.EqualTo(ulong.MaxValue));
    }

    [Test]
    public async Task GetVoteAccounts_NullsAndUnknownFields_AreTolerated()
    {
        _rpc.Server.Serve("getVoteAccounts", Reply.Json("""
            {"jsonrpc":"2.0","id":1,"result":{"current":[{"activatedStake":null,"commission":3,"epochCredits":null,"epochVoteAccount":null,
              "lastVote":"434330871","nodePubkey":"Fd7btgySsrjuo25CJCj7oE7VPMyezDhnx7pZkj2v69Nk","rootSlot":null,"futureField":{"a":[1,2]},
              "votePubkey":"CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1"}],"delinquent":null,"somethingNew":true}}
            """));

        var accounts = await _rpc.Client.GetVoteAccountsAsync();

        var account = accounts.Current.Single();
        Assert.That(accounts.Delinquent, Is.Empty);
        Assert.That((account.ActivatedStake, account.Commission.BasisPoints, account.LastVote, account.RootSlot, account.EpochCredits.Count),
            Is.EqualTo((0UL, (ushort)300, 434_330_871UL, 0UL, 0)));
    }

    [Test]
    public async Task GetVoteAccounts_WithFilter_SendsParameters()
    {
        _rpc.Server.Serve("getVoteAccounts", "mainnet-getVoteAccounts-votePubkey-epoch1001-2026-07-13.response.json");
        var vote = Pubkey.Parse("CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1");

        await _rpc.Client.GetVoteAccountsAsync(new GetVoteAccountsRequest { VotePubkey = vote, KeepUnstakedDelinquents = true, DelinquentSlotDistance = 128 });

        var sent = _rpc.Server.ReceivedFor("getVoteAccounts").Single();
        using var document = JsonDocument.Parse(sent.Body);
        Assert.That(document.RootElement.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"));
        var config = document.RootElement.GetProperty("params")[0];
        Assert.That(config.GetProperty("votePubkey").GetString(), Is.EqualTo(vote.ToString()));
        Assert.That(config.GetProperty("keepUnstakedDelinquents").GetBoolean(), Is.True);
        Assert.That(config.GetProperty("delinquentSlotDistance").GetUInt64(), Is.EqualTo(128));
    }

    [Test]
    public async Task GetVoteAccounts_NoParameters_SendsNoParams()
    {
        _rpc.Server.Serve("getVoteAccounts", "mainnet-getVoteAccounts-epoch45-2020-06-28.json");

        await _rpc.Client.GetVoteAccountsAsync();

        Assert.That(_rpc.Server.ReceivedFor("getVoteAccounts").Single().Params.ValueKind, Is.EqualTo(JsonValueKind.Undefined));
    }

    [TestCase("mainnet-getEpochInfo-epoch202-2021-07-16.json", 202UL, 87_298_680UL, 34_680UL)]
    [TestCase("mainnet-getEpochInfo-epoch45-2020-06-28.json", 45UL, null, null)]
    [TestCase("mainnet-getEpochInfo-epoch251-2021-11-25.json", 251UL, null, null)]
    [TestCase("testnet-getEpochInfo-epoch202-2021-06-21.json", 202UL, null, null)]
    [TestCase("testnet-getEpochInfo-epoch343-2022-07-28.json", 343UL, null, null)]
    public async Task GetEpochInfo_Recordings_Parse(string fixture, ulong epoch, ulong? slot, ulong? slotIndex)
    {
        _rpc.Server.Serve("getEpochInfo", fixture);

        var info = await _rpc.Client.GetEpochInfoAsync();

        Assert.That(info.Epoch, Is.EqualTo(epoch));
        Assert.That(info.SlotsInEpoch, Is.GreaterThan(0));
        Assert.That(info.SlotIndex, Is.LessThan(info.SlotsInEpoch));
        if (slot is not null)
        {
            Assert.That(info.AbsoluteSlot, Is.EqualTo(slot));
            Assert.That(info.SlotIndex, Is.EqualTo(slotIndex));
        }
    }

    [Test]
    public void JsonRpcError_BecomesTypedExceptionWithoutPayload()
    {
        _rpc.Server.Serve("getVoteAccounts", Reply.Error(-32601, "Method not found"));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetVoteAccountsAsync());

        Assert.That(ex!.Failure, Is.EqualTo(SolanaRpcFailure.JsonRpcError));
        Assert.That(ex.ErrorCode, Is.EqualTo(SolanaRpcException.MethodNotFoundCode));
        Assert.That(ex.Method, Is.EqualTo("getVoteAccounts"));
        Assert.That(ex.Message, Does.StartWith("getVoteAccounts: JSON-RPC error -32601"));
        Assert.That(ex.IsTransient, Is.False);
    }

    [Test]
    public void NodeBehind_IsTransient()
    {
        _rpc.Server.Serve("getEpochInfo", Reply.Error(-32005, "Node is behind by 150 slots"));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetEpochInfoAsync());

        Assert.That(ex!.IsTransient, Is.True);
    }

    [Test]
    public void HtmlErrorPage_IsMalformedResponse()
    {
        _rpc.Server.Serve("getVoteAccounts", new Reply { Body = "<html><body>502 Bad Gateway</body></html>"u8.ToArray(), ContentType = "text/html" });

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetVoteAccountsAsync());

        Assert.That(ex!.Failure, Is.EqualTo(SolanaRpcFailure.MalformedResponse));
        Assert.That(ex.Message, Does.Not.Contain("<html>"));
    }

    [Test]
    public void TruncatedBody_IsMalformedResponse()
    {
        var body = File.ReadAllBytes(Fixtures.Path("mainnet-getVoteAccounts-epoch45-2020-06-28.json"));
        _rpc.Server.Serve("getVoteAccounts", Reply.Json(body[..(body.Length / 2)]));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetVoteAccountsAsync());

        Assert.That(ex!.Failure, Is.EqualTo(SolanaRpcFailure.MalformedResponse));
    }

    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{"current":[{"votePubkey":"not-a-key","nodePubkey":"x","commission":1}],"delinquent":[]}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{"current":[{"nodePubkey":"Fd7btgySsrjuo25CJCj7oE7VPMyezDhnx7pZkj2v69Nk","commission":1}],"delinquent":[]}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{"current":[{"votePubkey":"CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1","nodePubkey":"Fd7btgySsrjuo25CJCj7oE7VPMyezDhnx7pZkj2v69Nk"}],"delinquent":[]}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{"current":[{"votePubkey":"CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1","nodePubkey":"Fd7btgySsrjuo25CJCj7oE7VPMyezDhnx7pZkj2v69Nk","commission":101}],"delinquent":[]}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":{"current":[{"votePubkey":"CcaHc2L43ZWjwCHART3oZoJvHLAe9hzT2DJNUpBzoTN1","nodePubkey":"Fd7btgySsrjuo25CJCj7oE7VPMyezDhnx7pZkj2v69Nk","commission":1,"epochCredits":[[1,2]]}],"delinquent":[]}}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1,"result":[1,2,3]}""")]
    [TestCase("""{"jsonrpc":"2.0","id":1}""")]
    public void WrongShape_IsMalformedResponse(string body)
    {
        _rpc.Server.Serve("getVoteAccounts", Reply.Json(body));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetVoteAccountsAsync());

        Assert.That(ex!.Failure, Is.EqualTo(SolanaRpcFailure.MalformedResponse), ex.Message);
    }

    [Test]
    public async Task ServerError_IsRetriedThenSucceeds()
    {
        _rpc.Server.Enqueue("getEpochInfo", Reply.Http(500, "boom")).Enqueue("getEpochInfo", Reply.Http(503, "busy"));
        _rpc.Server.Serve("getEpochInfo", "mainnet-getEpochInfo-epoch202-2021-07-16.json");

        var info = await _rpc.Client.GetEpochInfoAsync();

        Assert.That(info.Epoch, Is.EqualTo(202UL));
        Assert.That(_rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(3));
    }

    [Test]
    public void ClientError_IsNotRetriedAndCarriesStatus()
    {
        _rpc.Server.Serve("getEpochInfo", Reply.Http(403, "forbidden"));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetEpochInfoAsync());

        Assert.That(ex!.Failure, Is.EqualTo(SolanaRpcFailure.Http));
        Assert.That(ex.HttpStatus, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(ex.IsTransient, Is.False);
        Assert.That(_rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(1));
    }

    [Test]
    public void RetriesExhausted_SurfaceTheLastStatusAsTransient()
    {
        _rpc.Server.Serve("getEpochInfo", Reply.Http(503, "down"));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => _rpc.Client.GetEpochInfoAsync());

        Assert.That(ex!.HttpStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(ex.IsTransient, Is.True);
        Assert.That(_rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(4)); // the first attempt and 3 retries
    }

    [Test]
    public async Task Cancellation_IsHonoured()
    {
        _rpc.Server.Serve("getEpochInfo", new Reply { Delay = TimeSpan.FromMinutes(5), Body = "{}"u8.ToArray() });
        using var cts = new CancellationTokenSource();

        var call = Catch(() => _rpc.Client.GetEpochInfoAsync(cts.Token));
        while (_rpc.Server.ReceivedFor("getEpochInfo").Count == 0)
        {
            await Task.Yield();
        }

        await cts.CancelAsync();

        Assert.That(await call, Is.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Unreachable_IsTransient()
    {
        await using var rpc = await RpcClientHarness.StartAsync(o =>
        {
            o.RpcUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.GetFree()}/");
            o.MaxRetryAttempts = 1;
        });

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => rpc.Client.GetEpochInfoAsync());

        Assert.That(ex!.Failure, Is.EqualTo(SolanaRpcFailure.Unreachable));
        Assert.That(ex.IsTransient, Is.True);
    }

    private static async Task<Exception?> Catch(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
