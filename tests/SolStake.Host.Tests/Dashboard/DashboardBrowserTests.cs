using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SolStake.Core.Domain;
using SolStake.Ingestion.Cli;
using SolStake.Scoring;
using SolStake.Testing;

namespace SolStake.Host.Tests.Dashboard;

/// <summary>
/// The dashboard in Chromium against a real host on loopback: the epoch-752 recording synced, a CLI series imported,
/// three scoring runs; every page is checked against what the API answers, and no page may log an error (a CSP
/// violation, a failed request, an exception).
/// </summary>
[NonParallelizable]
public class DashboardBrowserTests
{
    private const string Wallet = "83wDqn8DFg5oh1WetQJwcyZySjxGkxWVKf3p39T6GMQH";
    private ApiHarness _api = null!;
    private Browser _browser = null!;
    private TrackedPage _tab = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _api = await ApiHarness.StartAsync("Sqlite", cache: true, dashboard: true, configure: c => c["SolStake:GraphQL:EnableIntrospection"] = "true");
        await _api.Services.GetRequiredService<ICliSnapshotImporter>().ImportAsync([Path.Combine(Fixtures.Directory, "series-epochs-1008-1014")], EpochSchedule.MainnetBeta);
        await _api.Services.GetRequiredService<SolStake.Core.Storage.IScoringRunner>().RunAsync();
        var stakes = await File.ReadAllTextAsync(Fixtures.Path("mainnet-getProgramAccounts-Stake-jsonParsed-wallet83wDqn8-2024-08.json"));
        _api.Rpc.Serve("getProgramAccounts", FixtureRpcServer.Reply.Json($$"""{"jsonrpc":"2.0","id":1,"result":{{stakes}}}"""));
        _browser = await Browser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _api.DisposeAsync();
    }

    [SetUp]
    public async Task OpenAsync() => _tab = await _browser.OpenAsync(_api.Http.BaseAddress!);

    [TearDown]
    public async Task CloseAsync()
    {
        var errors = _tab.Errors.ToList();
        await _tab.DisposeAsync();
        Assert.That(errors, Is.Empty, "the page logged errors");
    }

    private IPage Page => _tab.Page;

    [Test]
    public async Task Ranking_ListsEveryValidator_AndSearchNarrowsIt()
    {
        var all = await VoteAccountsAsync("validators(orderBy: SCORE)");

        var response = await Page.GotoAsync("/");
        Assert.That(response!.Headers["content-security-policy"], Does.StartWith("default-src 'none'"));
        await Expect(Page.Locator("#ranking-count")).ToHaveAttributeAsync("data-total", all.Count.ToString());
        Assert.That(await Page.Locator("table.ranking tbody tr").CountAsync(), Is.EqualTo(100), "the first page of 100");
        await _tab.ScreenshotAsync("ranking");

        await Field(Page, "Per page").SelectOptionAsync("all");
        await Expect(Page.Locator("table.ranking tbody tr")).ToHaveCountAsync(all.Count);
        Assert.That(await RowVotesAsync(), Is.EqualTo(all), "every validator, in the API's order");

        // What the API finds for the start of a vote account, the dashboard finds too.
        var search = all[5][..2];
        var (_, body) = await _api.QueryAsync($$"""{ validators(search: "{{search}}", orderBy: SCORE) { voteAccount } }""");
        var expected = body.GetProperty("data").GetProperty("validators").EnumerateArray().Select(v => v.GetProperty("voteAccount").GetString()!).ToList();
        Assert.That(expected, Has.Count.GreaterThan(0).And.Count.LessThan(all.Count));
        await Field(Page, "Search").FillAsync(search);
        await Expect(Page.Locator("#ranking-count")).ToHaveAttributeAsync("data-shown", expected.Count.ToString());
        Assert.That(await RowVotesAsync(), Is.EqualTo(expected));
        Assert.That(Page.Url, Does.Contain($"q={search}"), "the URL keeps the search");
    }

    [Test]
    public async Task Ranking_OrderAndProfile_FollowTheApi_AndTheUrlKeepsTheView()
    {
        await Page.GotoAsync("/");
        await Expect(Page.Locator("table.ranking tbody tr")).ToHaveCountAsync(100);

        await Field(Page, "Order").SelectOptionAsync("STAKE");
        var byStake = await VoteAccountsAsync("validators(orderBy: STAKE)");
        await Expect(Page.Locator("table.ranking tbody tr").First).ToHaveAttributeAsync("data-vote", byStake[0]);
        Assert.That(await RowVotesAsync(), Is.EqualTo(byStake.Take(100)));

        await Field(Page, "Profile").SelectOptionAsync("JitoCompatible");
        var jito = await VoteAccountsAsync("rankings(profile: \"JitoCompatible\", limit: 5000) { validator { voteAccount } }", ranked: true);
        await Expect(Page.Locator("#ranking-count")).ToContainTextAsync("JitoCompatible");
        Assert.That(await RowVotesAsync(), Is.EqualTo(jito.Take(100)));
        Assert.That(Page.Url, Does.Contain("profile=JitoCompatible"));

        // The link opens the same view in a new tab.
        await using var shared = await _browser.OpenAsync(_api.Http.BaseAddress!);
        await shared.Page.GotoAsync(Page.Url);
        await Expect(Field(shared.Page, "Profile")).ToHaveValueAsync("JitoCompatible");
        await Expect(shared.Page.Locator("table.ranking tbody tr").First).ToHaveAttributeAsync("data-vote", jito[0]);
        Assert.That(shared.Errors, Is.Empty);
    }

    [Test]
    public async Task Validator_DrawsItsBreakdown_AndItsHistory_AsTheApiHasThem()
    {
        var (_, body) = await _api.QueryAsync("""
            { validators(orderBy: STAKE, limit: 1) { voteAccount name
                latestTrustScore { breakdown { factor } flags }
                scoreHistory(last: 100) { score } epochPerformance(last: 64) { epoch } commissionHistory { epoch } } }
            """);
        var v = body.GetProperty("data").GetProperty("validators")[0];
        var vote = v.GetProperty("voteAccount").GetString()!;

        await Page.GotoAsync($"/#/validator/{vote}");
        await Expect(Page.Locator(".breakdown .bar-item")).ToHaveCountAsync(v.GetProperty("latestTrustScore").GetProperty("breakdown").GetArrayLength());
        await Expect(Page.Locator("#chart-score figure")).ToHaveAttributeAsync("data-points", v.GetProperty("scoreHistory").GetArrayLength().ToString());
        await Expect(Page.Locator("#chart-credits figure")).ToHaveAttributeAsync("data-points", v.GetProperty("epochPerformance").GetArrayLength().ToString());
        await Expect(Page.Locator("#chart-score canvas")).ToHaveCountAsync(1);
        Assert.That(v.GetProperty("scoreHistory").GetArrayLength(), Is.GreaterThan(1), "a history of runs");
        Assert.That(v.GetProperty("epochPerformance").GetArrayLength(), Is.GreaterThan(1), "a series of epochs");
        // Every factor's bar is a meter with its points out of its maximum.
        var meter = Page.Locator(".breakdown [role=meter]").First;
        Assert.That(await meter.GetAttributeAsync("aria-valuemax"), Is.Not.Null.And.Not.EqualTo("0"));
        await Expect(Page.Locator(".flag-list li")).ToHaveCountAsync(v.GetProperty("latestTrustScore").GetProperty("flags").GetArrayLength());
        await _tab.ScreenshotAsync("validator", fullPage: true);
    }

    [Test]
    public async Task ApiDown_ShowsTheError_AndTryAgainRecovers()
    {
        await Page.RouteAsync("**/graphql", route => route.FulfillAsync(new() { Status = 503, Body = "down for maintenance" }));
        await Page.GotoAsync("/#/cluster");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("HTTP 503");

        await Page.UnrouteAllAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(Page.Locator("#last-sync")).ToBeVisibleAsync();
        // The one error expected: the browser's own report of the 503.
        Assert.That(_tab.Errors, Has.All.Contains("status of 503"));
        _tab.Errors.Clear();
    }

    [Test]
    public async Task EmptyDatabase_SaysHowToSync_OnEveryDataPage()
    {
        await using var empty = await ApiHarness.StartAsync("Sqlite", dashboard: true, sync: false);
        await using var tab = await _browser.OpenAsync(empty.Http.BaseAddress!);

        await tab.Page.GotoAsync("/");
        await Expect(tab.Page.Locator(".state.empty")).ToContainTextAsync("No validators yet");
        await Expect(tab.Page.Locator(".state.empty code")).ToHaveTextAsync("dotnet run --project samples/SolStake.Host -- sync");
        await tab.Page.GotoAsync("/#/cluster");
        await Expect(tab.Page.Locator(".state.empty")).ToContainTextAsync("No cluster data yet");
        Assert.That(tab.Errors, Is.Empty);
    }

    [Test]
    public async Task UnknownValidator_SaysSo()
    {
        await Page.GotoAsync("/#/validator/11111111111111111111111111111111");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Validator not found" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task Cluster_ShowsStakeScoresVersionsAndFreshness()
    {
        var (_, body) = await _api.QueryAsync("{ cluster { validatorCount superminoritySize lastSyncAt lastScoringRunAt } validators(limit: 5000) { version client activatedStake } }");
        var cluster = body.GetProperty("data").GetProperty("cluster");
        var validators = body.GetProperty("data").GetProperty("validators").EnumerateArray().ToList();
        var versions = validators.Select(v => v.GetProperty("version").ValueKind == JsonValueKind.Null ? null : v.GetProperty("version").GetString()).Distinct().Count();
        var clients = validators.Select(v => v.GetProperty("client").GetString()).Distinct().ToList();

        await Page.GotoAsync("/#/cluster");
        await Expect(Page.Locator(".chart").First).ToHaveAttributeAsync("data-points", cluster.GetProperty("validatorCount").GetInt32().ToString());
        await Expect(Page.Locator(".chart").First).ToContainTextAsync($"The {cluster.GetProperty("superminoritySize").GetInt32()} largest validators");
        // Share of stake per client, then its versions under it.
        await Expect(Page.Locator("table.versions tr.client-row")).ToHaveCountAsync(clients.Count);
        await Expect(Page.Locator("table.versions tr.version-row")).ToHaveCountAsync(versions);
        var largest = validators.GroupBy(v => v.GetProperty("client").GetString()!)
            .MaxBy(g => g.Sum(v => decimal.Parse(v.GetProperty("activatedStake").ToString(), System.Globalization.CultureInfo.InvariantCulture)))!.Key;
        var names = new Dictionary<string, string>
        {
            ["AGAVE"] = "Agave", ["JITO_AGAVE"] = "Jito-Agave", ["FRANKENDANCER"] = "Frankendancer", ["FIREDANCER"] = "Firedancer",
            ["SOLANA_LABS"] = "Solana Labs", ["UNKNOWN"] = "Unknown client",
        };
        await Expect(Page.Locator("table.versions tbody").First.Locator("th")).ToHaveTextAsync(names[largest]);
        await Expect(Page.Locator(".histogram .bar-item")).ToHaveCountAsync(10);
        await Expect(Page.Locator("#last-sync")).ToContainTextAsync(cluster.GetProperty("lastSyncAt").GetString()![..10]);
        await Expect(Page.Locator("#last-scoring")).ToContainTextAsync(cluster.GetProperty("lastScoringRunAt").GetString()![..10]);
        await _tab.ScreenshotAsync("cluster", fullPage: true);
    }

    [Test]
    public async Task Wallet_AsksForAToken_ThenTracksTheWallet_AndShowsItsStakeAccounts()
    {
        await Page.GotoAsync($"/#/wallet?address={Wallet}");
        await Expect(Page.Locator("#wallet-results [role=alert]")).ToContainTextAsync("A token is needed");

        await Field(Page, "API token").FillAsync(_api.Token("user"));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show stake accounts" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Track this wallet" }).ClickAsync();

        await Expect(Page.Locator("#wallet-summary")).ToBeVisibleAsync();
        var (_, body) = await _api.QueryAsync($$"""{ wallet(walletPubkey: "{{Wallet}}") { stakeAccounts { id } } }""", token: _api.Token("viewer"));
        var accounts = body.GetProperty("data").GetProperty("wallet").GetProperty("stakeAccounts").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        Assert.That(accounts, Is.Not.Empty);
        await Expect(Page.Locator("table.stakes tbody tr")).ToHaveCountAsync(accounts.Count);
        Assert.That(await Page.Locator("table.stakes tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.account)"), Is.EquivalentTo(accounts));

        // Each account's status and verdict are words on the page (a phone shows no tooltips), and small stakes keep
        // their decimals: the recorded wallet at epoch 752 has five active delegations and two deactivated at 650.
        var (_, verdicts) = await _api.QueryAsync($$"""{ wallet(walletPubkey: "{{Wallet}}") { verdict { summary } stakeAccounts { id status stakedAmount verdict { summary } } } }""", token: _api.Token("viewer"));
        var wallet = verdicts.GetProperty("data").GetProperty("wallet");
        await Expect(Page.Locator("#wallet-verdict")).ToContainTextAsync(wallet.GetProperty("verdict").GetProperty("summary").GetString()!);
        await Expect(Page.Locator("#wallet-verdict li")).Not.ToHaveCountAsync(0);
        foreach (var stake in wallet.GetProperty("stakeAccounts").EnumerateArray())
        {
            var row = Page.Locator($"table.stakes tbody tr[data-account='{stake.GetProperty("id").GetString()}']");
            await Expect(row.Locator("td.status")).ToHaveTextAsync(stake.GetProperty("status").GetString()!.ToLowerInvariant());
            await Expect(row.Locator("td.verdict")).ToContainTextAsync(stake.GetProperty("verdict").GetProperty("summary").GetString()!);
            await Expect(row.Locator("td.verdict")).ToBeVisibleAsync();
        }

        await Expect(Page.Locator("table.stakes tbody tr[data-status='INACTIVE'] td.status")).ToHaveCountAsync(2);
        // 717,400 lamports delegated read as 0.0007174 SOL, not as "0 SOL".
        await Expect(Page.Locator("table.stakes tbody")).ToContainTextAsync("0.0007174 SOL");
        await _tab.ScreenshotAsync("wallet");
    }

    [Test]
    public async Task Wallet_RefusesAnAddressThatIsNotBase58_WithoutAsking()
    {
        await Page.GotoAsync("/#/wallet");
        await Field(Page, "Wallet").FillAsync("not-a-wallet-0OIl");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show stake accounts" }).ClickAsync();
        await Expect(Page.Locator("#wallet-results [role=alert]")).ToContainTextAsync("32 to 44 base58 characters");
    }

    [Test]
    public async Task Explorer_IsGraphiQL_AndRunsAQuery()
    {
        await Page.GotoAsync("/graphql");
        await Expect(Page.Locator(".graphiql-container")).ToBeVisibleAsync();
        // The query editor loads after the page (and slowly on a busy machine): executing before it holds the example
        // query sends nothing, and the result stays empty.
        await Expect(Page.Locator(".graphiql-query-editor")).ToContainTextAsync("latestTrustScore", new() { Timeout = 15_000 });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Execute query (Ctrl-Enter)" }).ClickAsync();
        await Expect(Page.Locator(".result-window")).ToContainTextAsync("latestTrustScore", new() { Timeout = 15_000 });
        await _tab.ScreenshotAsync("explorer");
    }

    [Test]
    public async Task Pages_AreReachableByKeyboard_AndFitAPhone()
    {
        await Page.GotoAsync("/");
        await Expect(Page.Locator("table.ranking tbody tr")).ToHaveCountAsync(100);
        await Page.Keyboard.PressAsync("Tab");
        Assert.That(await Page.EvaluateAsync<string>("document.activeElement.textContent"), Is.EqualTo("Skip to content"));
        for (var i = 0; i < 4; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
        }

        Assert.That(await Page.EvaluateAsync<string>("document.activeElement.textContent"), Is.EqualTo("Wallet"), "skip link, brand, Ranking, Cluster, Wallet");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Field(Page, "Wallet")).ToBeVisibleAsync();

        var vote = (await VoteAccountsAsync("validators(orderBy: STAKE, limit: 1)"))[0];
        await using var phone = await _browser.OpenAsync(_api.Http.BaseAddress!, width: 390, height: 844);
        foreach (var path in new[] { "/", $"/#/validator/{vote}", "/#/cluster", "/#/wallet" })
        {
            await phone.Page.GotoAsync("about:blank"); // each page loaded anew, not a hash change of the last
            await phone.Page.GotoAsync(path);
            await phone.Page.Locator("main h1").WaitForAsync();
            await phone.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.That(await phone.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), Is.True, $"{path} scrolls sideways on a phone");
        }

        Assert.That(phone.Errors, Is.Empty);
    }

    private async Task<List<string>> RowVotesAsync() =>
        [.. await Page.Locator("table.ranking tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.vote)")];

    private async Task<List<string>> VoteAccountsAsync(string field, bool ranked = false)
    {
        var (status, body) = await _api.QueryAsync(ranked ? $"{{ {field} }}" : $"{{ {field} {{ voteAccount }} }}");
        Assert.That(status, Is.EqualTo(200), body.ToString());
        var list = body.GetProperty("data").EnumerateObject().Single().Value.EnumerateArray();
        return [.. list.Select(v => (ranked ? v.GetProperty("validator") : v).GetProperty("voteAccount").GetString()!)];
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    // A form control by its label, exactly: flag badges' descriptions mention "profile" too.
    private static ILocator Field(IPage page, string label) => page.GetByLabel(label, new() { Exact = true });
}
