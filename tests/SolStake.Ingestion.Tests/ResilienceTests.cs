using System.Net;
using Microsoft.Extensions.Time.Testing;
using SolStake.Ingestion.Rpc;
using SolStake.Testing;
using Reply = SolStake.Testing.FixtureRpcServer.Reply;

namespace SolStake.Ingestion.Tests;

/// <summary>
/// Faults injected over real HTTP, with time under a <see cref="FakeTimeProvider"/>: retry delays, Retry-After,
/// timeouts and circuit breaks pass only when the test moves the clock.
/// </summary>
public class ResilienceTests
{
    private const string EpochInfo = "mainnet-getEpochInfo-epoch202-2021-07-16.json";
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    [TestCase(429)]
    [TestCase(503)]
    public async Task RetryAfter_IsHonouredBeforeRetrying(int status)
    {
        await using var rpc = await RpcClientHarness.StartAsync(o => o.RetryDelay = TimeSpan.FromMilliseconds(10), _time);
        rpc.Server.Enqueue("getEpochInfo", Reply.Http(status) with { Headers = new Dictionary<string, string> { ["Retry-After"] = "7" } });
        rpc.Server.Serve("getEpochInfo", EpochInfo);

        var call = rpc.Client.GetEpochInfoAsync();
        await WaitForRequestsAsync(rpc.Server, "getEpochInfo", 1);
        _time.Advance(TimeSpan.FromSeconds(6));
        await Task.Delay(200);

        Assert.That(call.IsCompleted, Is.False, "still waiting out Retry-After");
        Assert.That(rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        var info = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(info.Epoch, Is.EqualTo(202UL));
        Assert.That(rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task AttemptTimeout_RetriesAndSucceeds()
    {
        await using var rpc = await RpcClientHarness.StartAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(2), _time);
        rpc.Server.Enqueue("getEpochInfo", new Reply { Delay = TimeSpan.FromMinutes(5), Body = "{}"u8.ToArray() });
        rpc.Server.Serve("getEpochInfo", EpochInfo);

        var call = rpc.Client.GetEpochInfoAsync();
        await WaitForRequestsAsync(rpc.Server, "getEpochInfo", 1);
        _time.Advance(TimeSpan.FromSeconds(2));   // the attempt times out
        await AdvanceUntilAsync(call, TimeSpan.FromSeconds(1));

        Assert.That((await call).Epoch, Is.EqualTo(202UL));
        Assert.That(rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TotalTimeout_EndsInATypedTimeout()
    {
        await using var rpc = await RpcClientHarness.StartAsync(o => { o.AttemptTimeout = TimeSpan.FromSeconds(2); o.TotalTimeout = TimeSpan.FromSeconds(5); }, _time);
        rpc.Server.Serve("getEpochInfo", new Reply { Delay = TimeSpan.FromMinutes(5), Body = "{}"u8.ToArray() });

        var call = rpc.Client.GetEpochInfoAsync();
        await WaitForRequestsAsync(rpc.Server, "getEpochInfo", 1);
        var ex = await CatchWhileAdvancingAsync(call, TimeSpan.FromSeconds(1));

        Assert.That(ex, Is.InstanceOf<SolanaRpcException>());
        Assert.That(((SolanaRpcException)ex!).Failure, Is.EqualTo(SolanaRpcFailure.Timeout));
        Assert.That(((SolanaRpcException)ex).IsTransient, Is.True);
    }

    [Test]
    public async Task RateLimitedPrimary_FailsOverToTheSecondary_AtOnce_AndBackWhenItRecovers()
    {
        await using var secondary = await FixtureRpcServer.StartAsync();
        secondary.Serve("getEpochInfo", "mainnet-getEpochInfo-epoch251-2021-11-25.json");
        await using var rpc = await RpcClientHarness.StartAsync(o => o.SecondaryRpcUrl = secondary.Url, _time);
        rpc.Server.Enqueue("getEpochInfo", Reply.Http(429) with { Headers = new Dictionary<string, string> { ["Retry-After"] = "120" } });
        rpc.Server.Serve("getEpochInfo", EpochInfo);

        var failedOver = await rpc.Client.GetEpochInfoAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var recovered = await rpc.Client.GetEpochInfoAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(failedOver.Epoch, Is.EqualTo(251UL), "answered by the secondary without waiting out Retry-After");
        Assert.That(recovered.Epoch, Is.EqualTo(202UL), "the next call is the primary's again");
        Assert.That(rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(2));
        Assert.That(secondary.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task UnreachablePrimary_FailsOverToTheSecondary()
    {
        await using var secondary = await FixtureRpcServer.StartAsync();
        secondary.Serve("getEpochInfo", EpochInfo);
        await using var rpc = await RpcClientHarness.StartAsync(o =>
        {
            o.RpcUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.GetFree()}/");
            o.SecondaryRpcUrl = secondary.Url;
        }, _time);

        var info = await rpc.Client.GetEpochInfoAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(info.Epoch, Is.EqualTo(202UL));
    }

    [Test]
    public async Task BothEndpointsFailing_ReportsTheSecondarysError()
    {
        await using var secondary = await FixtureRpcServer.StartAsync();
        secondary.Serve("getEpochInfo", Reply.Http(403, "forbidden"));
        await using var rpc = await RpcClientHarness.StartAsync(o => o.SecondaryRpcUrl = secondary.Url, _time);
        rpc.Server.Serve("getEpochInfo", Reply.Http(500));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => rpc.Client.GetEpochInfoAsync());

        Assert.That(ex!.HttpStatus, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task NonTransientErrors_DoNotFailOver()
    {
        await using var secondary = await FixtureRpcServer.StartAsync();
        secondary.Serve("getEpochInfo", EpochInfo);
        await using var rpc = await RpcClientHarness.StartAsync(o => o.SecondaryRpcUrl = secondary.Url, _time);
        rpc.Server.Serve("getEpochInfo", Reply.Error(-32602, "Invalid params"));

        var ex = Assert.ThrowsAsync<SolanaRpcException>(() => rpc.Client.GetEpochInfoAsync());

        Assert.That(ex!.ErrorCode, Is.EqualTo(-32602));
        Assert.That(secondary.Received, Is.Empty);
    }

    [Test]
    public async Task CircuitBreaker_OpensAfterRepeatedFailures_AndClosesAfterItsBreak()
    {
        await using var rpc = await RpcClientHarness.StartAsync(o =>
        {
            o.CircuitBreakerMinimumThroughput = 4;
            o.CircuitBreakerFailureRatio = 0.5;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
            o.MaxRetryAttempts = 1;
            o.RetryDelay = TimeSpan.Zero;
        }, _time);
        rpc.Server.Serve("getEpochInfo", Reply.Http(500));

        SolanaRpcException? last = null;
        for (var i = 0; i < 4 && last?.Message.Contains("circuit", StringComparison.Ordinal) != true; i++)
        {
            last = Assert.ThrowsAsync<SolanaRpcException>(() => rpc.Client.GetEpochInfoAsync());
        }

        var before = rpc.Server.ReceivedFor("getEpochInfo").Count;
        var open = Assert.ThrowsAsync<SolanaRpcException>(() => rpc.Client.GetEpochInfoAsync());
        Assert.That(open!.Message, Does.Contain("circuit breaker"));
        Assert.That(open.IsTransient, Is.True);
        Assert.That(rpc.Server.ReceivedFor("getEpochInfo"), Has.Count.EqualTo(before), "an open circuit sends nothing");

        rpc.Server.Serve("getEpochInfo", EpochInfo);
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.That((await rpc.Client.GetEpochInfoAsync()).Epoch, Is.EqualTo(202UL));
    }

    private static async Task WaitForRequestsAsync(FixtureRpcServer server, string method, int count)
    {
        for (var i = 0; i < 600 && server.ReceivedFor(method).Count < count; i++)
        {
            await Task.Delay(50);
        }

        Assert.That(server.ReceivedFor(method), Has.Count.GreaterThanOrEqualTo(count), "the server was not called");
    }

    // Moves fake time in steps until the call completes (a retry's jittered delay is not known in advance).
    private async Task AdvanceUntilAsync(Task call, TimeSpan step)
    {
        for (var i = 0; i < 600 && !call.IsCompleted; i++)
        {
            _time.Advance(step);
            await Task.WhenAny(call, Task.Delay(20));
        }
    }

    private async Task<Exception?> CatchWhileAdvancingAsync(Task call, TimeSpan step)
    {
        await AdvanceUntilAsync(call, step);
        try
        {
            await call;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
