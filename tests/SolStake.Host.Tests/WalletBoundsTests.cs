using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Testing;
using Reply = SolStake.Testing.FixtureRpcServer.Reply;

namespace SolStake.Host.Tests;

/// <summary>
/// What one caller can make SolStake hold and call through <c>trackWallet</c>, through a real host with a fake RPC on
/// loopback that answers slowly, fails, or holds thousands of stake accounts (issue #30's findings).
/// </summary>
public class WalletBoundsTests
{
    private const string Wallet = StakeAccountAnswers.RecordedWallet;
    private const string Track = "mutation($w: String!) { trackWallet(walletPubkey: $w) { walletPubkey } }";

    private static string CodeOf(JsonElement body) => body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    private static Pubkey Key(int i)
    {
        var bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes, i + 1);
        bytes[31] = 7;
        return new Pubkey(bytes);
    }

    private static Task<string> StakeAccountsAsync(int count) => StakeAccountAnswers.JsonAsync(Enumerable.Range(0, count).Select(i => Key(i).ToString()));

    // The stake-account fetches by authority (the harness's start also reads the Config program's accounts).
    private static int StakeFetches(ApiHarness api) => api.Rpc.ReceivedFor("getProgramAccounts").Count(r => r.Body.Contains("memcmp", StringComparison.Ordinal));

    private static Task<ApiHarness> StartAsync(params (string Key, string Value)[] settings) =>
        ApiHarness.StartAsync("Sqlite", cache: true, configure: c =>
        {
            foreach (var (key, value) in settings)
            {
                c[key] = value;
            }
        });

    [TestCase("Stake11111111111111111111111111111111111111")]
    [TestCase("11111111111111111111111111111111")]
    [TestCase("SysvarC1ock11111111111111111111111111111111")]
    [TestCase("Vote111111111111111111111111111111111111111")]
    public async Task Program_and_sysvar_addresses_are_refused_as_wallets_without_an_rpc_call(string address)
    {
        await using var api = await StartAsync();
        api.Rpc.Serve("getProgramAccounts", Reply.Json("""{"jsonrpc":"2.0","id":1,"result":[]}"""));

        var (_, body) = await api.QueryAsync(Track, new { w = address }, api.Token("user"));

        Assert.That(CodeOf(body), Is.EqualTo("BAD_USER_INPUT"), body.ToString());
        Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("not a wallet"));
        Assert.That(StakeFetches(api), Is.Zero);
        Assert.That(await api.Services.GetRequiredService<IWalletStore>().ListAsync(), Is.Empty);
    }

    [Test]
    public async Task A_user_tracks_at_most_its_cap_of_wallets_others_keep_theirs_and_a_refresh_is_not_audited_again()
    {
        await using var api = await StartAsync(("SolStake:Wallets:MaxWalletsPerUser", "2"));
        api.Rpc.Serve("getProgramAccounts", Reply.Json("""{"jsonrpc":"2.0","id":1,"result":[]}"""));
        var alice = api.Token("user", "alice");

        var codes = new List<string?>();
        foreach (var i in new[] { 1, 2, 3, 1 })
        {
            var (_, body) = await api.QueryAsync(Track, new { w = Key(i).ToString() }, alice);
            codes.Add(body.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null);
        }

        var (_, bob) = await api.QueryAsync(Track, new { w = Key(3).ToString() }, api.Token("user", "bob"));
        var audit = await api.Services.GetRequiredService<IAuditLog>().RecentAsync(50);

        Assert.That(codes, Is.EqualTo(new string?[] { null, null, "WALLET_LIMIT", null }), "the third is over the cap; registering the first again refreshes it");
        Assert.That(bob.TryGetProperty("errors", out _), Is.False, bob.ToString());
        Assert.That(audit.Count(e => e.Action == "wallet.registered"), Is.EqualTo(3), "one row per new registration, none for a refresh or a refusal");
    }

    [Test]
    public async Task Registrations_past_the_rate_are_refused_and_make_no_rpc_call()
    {
        await using var api = await StartAsync(("SolStake:Wallets:RegistrationsPerWindow", "3"), ("SolStake:Wallets:RegistrationWindow", "01:00:00"));
        api.Rpc.Serve("getProgramAccounts", Reply.Json("""{"jsonrpc":"2.0","id":1,"result":[]}"""));
        var token = api.Token("user", "carol");

        var codes = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            var (_, body) = await api.QueryAsync(Track, new { w = Key(100 + i).ToString() }, token);
            codes.Add(body.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null);
        }

        Assert.That(codes, Is.EqualTo(new string?[] { null, null, null, "RATE_LIMITED", "RATE_LIMITED" }));
        Assert.That(StakeFetches(api), Is.EqualTo(3));
    }

    [Test]
    public async Task A_slow_rpc_times_out_short_counts_toward_the_breaker_and_then_is_not_called()
    {
        await using var api = await StartAsync(
            ("SolStake:Wallets:FetchTimeout", "00:00:00.300"), ("SolStake:Wallets:BreakerMinimumFetches", "2"), ("SolStake:Wallets:BreakDuration", "00:10:00"));
        api.Rpc.Serve("getProgramAccounts", Reply.Json("""{"jsonrpc":"2.0","id":1,"result":[]}""") with { Delay = TimeSpan.FromSeconds(5) });
        var token = api.Token("user");

        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (_, body) = await api.QueryAsync(Track, new { w = Key(200 + i).ToString() }, token);
            codes.Add(CodeOf(body));
        }

        Assert.That(codes, Is.All.EqualTo("UPSTREAM_UNAVAILABLE"));
        Assert.That(StakeFetches(api), Is.EqualTo(2), "the two slow answers opened the breaker: the third never called");
        Assert.That(await api.Services.GetRequiredService<IWalletStore>().ListAsync(), Is.Empty);
    }

    [Test]
    public async Task While_track_wallet_waits_on_a_slow_rpc_a_cheap_query_is_answered_with_the_only_execution_slot()
    {
        // Every query takes a slot here (CheapQueryCost 0), so the mutation holds the only one unless it steps out.
        await using var api = await StartAsync(
            ("SolStake:GraphQL:MaxConcurrentExecutions", "1"), ("SolStake:GraphQL:CheapQueryCost", "0"), ("SolStake:Wallets:FetchTimeout", "00:00:05"));
        api.Rpc.Serve("getProgramAccounts", Reply.Json("""{"jsonrpc":"2.0","id":1,"result":[]}""") with { Delay = TimeSpan.FromSeconds(3) });

        var tracking = api.QueryAsync(Track, new { w = Key(300).ToString() }, api.Token("user"));
        while (StakeFetches(api) == 0)
        {
            await Task.Delay(20);
        }

        var bystander = await api.QueryAsync("{ cluster { epoch } }");
        var bystanderDoneFirst = !tracking.IsCompleted;
        var (_, tracked) = await tracking;

        Assert.That(bystander.Status, Is.EqualTo(200), bystander.Body.ToString());
        Assert.That(bystanderDoneFirst, Is.True, "the bystander did not wait for the RPC");
        Assert.That(tracked.GetProperty("data").GetProperty("trackWallet").GetProperty("walletPubkey").GetString(), Is.EqualTo(Key(300).ToString()));
    }

    [Test]
    public async Task A_wallet_of_5000_stake_accounts_lists_its_cap_is_priced_by_it_and_25_aliases_are_refused()
    {
        await using var api = await StartAsync();
        api.Rpc.Serve("getProgramAccounts", Reply.Json(await StakeAccountsAsync(5_000)));
        var (_, tracked) = await api.QueryAsync(Track, new { w = Wallet }, api.Token("user"));
        Assert.That(tracked.TryGetProperty("errors", out _), Is.False, tracked.ToString());
        await api.Services.GetRequiredService<SolStake.GraphQL.Schema.StoredSizes>().RefreshAsync(CancellationToken.None);

        const string Selection = "stakeAccounts { id lamports validator { voteAccount name latestTrustScore { score breakdown { factor points maxPoints detail } flags } } }";
        using var one = await PostAsync(api, $"query($w: String!) {{ wallet(walletPubkey: $w) {{ {Selection} }} }}", api.Token("viewer"));
        var oneBody = await one.Content.ReadFromJsonAsync<JsonElement>();
        var aliases = string.Concat(Enumerable.Range(0, 25).Select(i => $" w{i}: wallet(walletPubkey: $w) {{ {Selection} }}"));
        using var many = await PostAsync(api, $"query($w: String!) {{{aliases} }}", api.Token("viewer"));
        var manyBody = await many.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(oneBody.GetProperty("data").GetProperty("wallet").GetProperty("stakeAccounts").GetArrayLength(), Is.EqualTo(1_000));
        var cost = double.Parse(one.Headers.GetValues("X-Query-Cost").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(cost, Is.GreaterThan(1_000 * 10), "the list is priced at its cap, not at 10 rows");
        Assert.That((int)many.StatusCode, Is.EqualTo(400));
        Assert.That(CodeOf(manyBody), Is.EqualTo("COMPLEXITY"));
    }

    private static async Task<HttpResponseMessage> PostAsync(ApiHarness api, string query, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query, variables = new { w = Wallet } }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await api.Http.SendAsync(request);
    }
}
