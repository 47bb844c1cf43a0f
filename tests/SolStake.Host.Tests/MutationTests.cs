using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Testing;
using Reply = SolStake.Testing.FixtureRpcServer.Reply;

namespace SolStake.Host.Tests;

/// <summary>The earlier design's mutations and admin queries, and wallets, through a real host.</summary>
public class MutationTests
{
    private const string Wallet = "83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH";
    private const string TrackWallet = "mutation($w: String!) { trackWallet(walletPubkey: $w) { walletPubkey stakeAccounts { id stakedAmount state validator { voteAccount } } } }";
    private const string WalletQuery = "query($w: String!) { wallet(walletPubkey: $w) { walletPubkey stakeAccounts { id } } }";

    private ApiHarness _api = null!;

    [SetUp]
    public async Task StartAsync() => _api = await ApiHarness.StartAsync("Sqlite", cache: true);

    [TearDown]
    public async Task StopAsync() => await _api.DisposeAsync();

    [Test]
    public async Task TrackWallet_RegistersTheWallet_FetchesItsStakeAccounts_AndAuditsTheUser()
    {
        var stakes = await File.ReadAllTextAsync(Fixtures.Path("mainnet-getProgramAccounts-Stake-jsonParsed-wallet83wDqn8-2024-08.json"));
        _api.Rpc.Serve("getProgramAccounts", Reply.Json($$"""{"jsonrpc":"2.0","id":1,"result":{{stakes}}}"""));
        var (_, before) = await _api.QueryAsync(WalletQuery, new { w = Wallet }, _api.Token("viewer"));

        var (status, body) = await _api.QueryAsync(TrackWallet, new { w = Wallet }, _api.Token("user"));
        var (_, after) = await _api.QueryAsync(WalletQuery, new { w = Wallet }, _api.Token("viewer"));
        var audit = await _api.Services.GetRequiredService<IAuditLog>().RecentAsync(10);

        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(before.GetProperty("data").GetProperty("wallet").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var tracked = body.GetProperty("data").GetProperty("trackWallet");
        Assert.That(tracked.GetProperty("walletPubkey").GetString(), Is.EqualTo(Wallet));
        Assert.That(tracked.GetProperty("stakeAccounts").GetArrayLength(), Is.EqualTo(7));
        Assert.That(after.GetProperty("data").GetProperty("wallet").GetProperty("stakeAccounts").GetArrayLength(), Is.EqualTo(7),
            "the registration dropped the cached 'not registered' answer");
        Assert.That(audit.Any(e => e.Action == "wallet.registered" && e.ActorId == "user-1"), Is.True);
    }

    [TestCase(null, "UNAUTHENTICATED")]
    [TestCase("viewer", "FORBIDDEN")]
    public async Task TrackWallet_NeedsWriteStakes(string? role, string code)
    {
        var (_, body) = await _api.QueryAsync(TrackWallet, new { w = Wallet }, role is null ? null : _api.Token(role));

        Assert.That(body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo(code));
        Assert.That(await _api.Services.GetRequiredService<IWalletStore>().ListAsync(), Is.Empty);
    }

    [Test]
    public async Task TrackWallet_BadPubkey_IsAnErrorNamingTheArgument()
    {
        var (_, body) = await _api.QueryAsync(TrackWallet, new { w = "not-a-wallet" }, _api.Token("user"));
        var error = body.GetProperty("errors")[0];

        Assert.That(error.GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("BAD_USER_INPUT"));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain("walletPubkey"));
    }

    [Test]
    public async Task TrackWallet_WhenRpcFails_SaysSo_AndLeavesNothingRegistered()
    {
        _api.Rpc.Serve("getProgramAccounts", Reply.Http(503, "down at https://rpc.example/key-123"));

        var (_, body) = await _api.QueryAsync(TrackWallet, new { w = Wallet }, _api.Token("user"));
        var (_, wallet) = await _api.QueryAsync(WalletQuery, new { w = Wallet }, _api.Token("viewer"));
        var audit = await _api.Services.GetRequiredService<IAuditLog>().RecentAsync(10);

        Assert.That(body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("UPSTREAM_UNAVAILABLE"));
        Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(),
            Is.EqualTo("The wallet's stake accounts could not be fetched now, so it was not registered; try again later."), "the RPC's own words stay in the log");
        Assert.That(body.ToString(), Does.Not.Contain("key-123"));
        Assert.That(wallet.GetProperty("data").GetProperty("wallet").ValueKind, Is.EqualTo(JsonValueKind.Null), "a failed first fetch leaves no registration");
        Assert.That(await _api.Services.GetRequiredService<IWalletStore>().ListAsync(), Is.Empty);
        Assert.That(audit.Any(e => e.Action == "wallet.registered"), Is.False);
    }

    [TestCase("clearCache", "cache.clear", "Cache cleared.")]
    [TestCase("invalidateValidatorCache", "cache.invalidate-validators", "Validator cache invalidated.")]
    public async Task CacheMutations_NeedAdminSystem_DropTheCache_AndAreAudited(string mutation, string action, string message)
    {
        const string validators = "{ validators(limit: 3) { voteAccount } }";
        await _api.QueryAsync(validators);
        var (_, viewer) = await _api.QueryAsync($"mutation {{ {mutation} {{ success }} }}", token: _api.Token("viewer"));
        var (_, status) = await _api.QueryAsync("{ cacheStatus { totalKeys memoryUsage hitRate } }", token: _api.Token("admin"));

        var (_, admin) = await _api.QueryAsync($"mutation {{ {mutation} {{ success message timestamp }} }}", token: _api.Token("admin"));
        var (_, statusAfter) = await _api.QueryAsync("{ cacheStatus { totalKeys } }", token: _api.Token("admin"));
        var audit = await _api.Services.GetRequiredService<IAuditLog>().RecentAsync(10);

        Assert.That(viewer.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo("FORBIDDEN"));
        Assert.That(status.GetProperty("data").GetProperty("cacheStatus").GetProperty("totalKeys").GetInt32(), Is.EqualTo(1));
        var result = admin.GetProperty("data").GetProperty(mutation);
        Assert.That(result.GetProperty("success").GetBoolean(), Is.True);
        Assert.That(result.GetProperty("message").GetString(), Is.EqualTo(message));
        Assert.That(DateTimeOffset.TryParse(result.GetProperty("timestamp").GetString(), out _), Is.True);
        Assert.That(statusAfter.GetProperty("data").GetProperty("cacheStatus").GetProperty("totalKeys").GetInt32(), Is.Zero);
        Assert.That(audit.Where(e => e.Action == action).Select(e => e.ActorId), Is.EqualTo(new[] { "admin-1" }));
    }

    [Test]
    public async Task Mutations_AreNeverCached()
    {
        using var first = await _api.Http.PostAsync("graphql", System.Net.Http.Json.JsonContent.Create(new { query = "mutation { clearCache { success } }" }));

        Assert.That(first.Headers.Contains("X-Cache"), Is.False);
    }
}
