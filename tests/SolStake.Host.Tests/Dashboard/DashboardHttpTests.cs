using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Dashboard;

namespace SolStake.Host.Tests.Dashboard;

/// <summary>How the dashboard package serves its pages and assets, and shares the GraphQL path with the API.</summary>
public partial class DashboardHttpTests
{
    [Test]
    public async Task Page_CarriesThePolicy_AndNamesAssetsThatAreServed_Immutable()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", dashboard: true, sync: false);

        using var page = await api.Http.GetAsync("");
        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(DashboardOptions.DefaultContentSecurityPolicy));
            Assert.That(page.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(page.Headers.CacheControl?.NoCache, Is.True, "the page names the current assets");
            Assert.That(html, Does.Contain("""<meta name="solstake-graphql" content="/graphql">"""));
            Assert.That(html, Does.Not.Contain("__SOLSTAKE"), "every placeholder is replaced");
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"), "nothing from another origin");
            Assert.That(assets, Has.Some.EndsWith(".js").And.Some.EndsWith(".css"));
        });
        foreach (var asset in assets)
        {
            using var response = await api.Http.GetAsync(asset.TrimStart('/'));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), asset);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(asset.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css"), asset);
            Assert.That(response.Headers.CacheControl?.ToString(), Does.Contain("immutable").And.Contain("max-age=31536000"), asset);
        }

        using var missing = await api.Http.GetAsync("assets/missing.js");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task GraphQLPath_GivesABrowserTheExplorer_AndEveryClientTheApi()
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", dashboard: true, sync: false,
            configure: c => c["SolStake:GraphQL:EnableIntrospection"] = "true");

        using var browser = await GetAsync(api, "graphql", "text/html,application/xhtml+xml,*/*;q=0.8");
        using var browserWithQuery = await GetAsync(api, "graphql?query=%7B__typename%7D", "text/html");
        using var client = await GetAsync(api, "graphql?query=%7B__typename%7D", "application/json");
        var (status, body) = await api.QueryAsync("{ __typename }");

        Assert.Multiple(async () =>
        {
            Assert.That(browser.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(await browser.Content.ReadAsStringAsync(), Does.Contain("<title>SolStake GraphQL explorer</title>"));
            Assert.That(browser.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(DashboardOptions.DefaultContentSecurityPolicy));
            Assert.That(await browserWithQuery.Content.ReadAsStringAsync(), Does.Contain("\"__typename\":\"Query\""), "a GET with a query is the API's");
            Assert.That(await client.Content.ReadAsStringAsync(), Does.Contain("\"__typename\":\"Query\""));
            Assert.That(status, Is.EqualTo(200));
            Assert.That(body.GetProperty("data").GetProperty("__typename").GetString(), Is.EqualTo("Query"));
        });
    }

    [TestCase(null, null, false, TestName = "Explorer off where introspection is (Production default)")]
    [TestCase("true", "false", false, TestName = "Explorer off when switched off, introspection on")]
    [TestCase("false", "true", true, TestName = "Explorer on when switched on")]
    public async Task Explorer_FollowsTheIntrospectionSetting_UnlessSetItself(string? introspection, string? explorer, bool served)
    {
        await using var api = await ApiHarness.StartAsync("Sqlite", dashboard: true, sync: false, configure: c =>
        {
            c["SolStake:GraphQL:EnableIntrospection"] = introspection;
            c["SolStake:Dashboard:EnableExplorer"] = explorer;
        });

        using var response = await GetAsync(api, "graphql", "text/html");

        Assert.That(response.Content.Headers.ContentType?.MediaType == "text/html", Is.EqualTo(served));
    }

    [Test]
    public void MapWithoutAdd_SaysWhatIsMissing()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddSolStake();
        using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSolStakeDashboard());

        Assert.That(error!.Message, Does.Contain("AddDashboard()"));
    }

    private static async Task<HttpResponseMessage> GetAsync(ApiHarness api, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await api.Http.SendAsync(request);
    }

    [GeneratedRegex("""(?:src|href)="(/assets/[^"]+)""")]
    private static partial Regex AssetReference();
}
