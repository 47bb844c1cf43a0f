using System.Net;
using System.Text;
using System.Text.Json;

namespace SolStake.Host.Tests;

/// <summary>The HTTP surface of a running host on an empty embedded database.</summary>
public class HttpApiTests
{
    private static HostProcess _host = null!;
    private static TemporarySqlite _db = null!;

    [OneTimeSetUp]
    public static async Task StartAsync()
    {
        _db = new TemporarySqlite("http");
        _host = await HostProcess.StartServerAsync(new Dictionary<string, string?> { ["SolStake__Storage__ConnectionString"] = _db.ConnectionString });
    }

    [OneTimeTearDown]
    public static async Task StopAsync()
    {
        await _host.DisposeAsync();
        _db.Dispose();
    }

    [Test]
    public async Task Health_AnswersOk()
    {
        using var response = await _host.Http.GetAsync("health");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"status":"ok"}"""));
    }

    [Test]
    public async Task Dashboard_IsServedAtTheRoot_WithItsPolicy_AndNoExplorerWhereIntrospectionIsOff()
    {
        using var page = await _host.Http.GetAsync("");
        using var browser = new HttpRequestMessage(HttpMethod.Get, "graphql");
        browser.Headers.Accept.ParseAdd("text/html");
        using var explorer = await _host.Http.SendAsync(browser);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("script-src 'self'"));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<title>SolStake</title>"));
        Assert.That(explorer.Content.Headers.ContentType?.MediaType, Is.Not.EqualTo("text/html"), "Production: introspection, and so the explorer, is off");
    }

    [Test]
    public async Task GraphQL_Post_EmptyStore_ReturnsEmptyList()
    {
        var (status, body) = await _host.GraphQLAsync("{ validators { voteAccount } }");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(body.GetProperty("data").GetProperty("validators").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task GraphQL_Get_RunsQueries()
    {
        using var response = await _host.Http.GetAsync("graphql?query=" + Uri.EscapeDataString("{ validators { id } }"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/graphql-response+json"));
    }

    [Test]
    public async Task GraphQL_Get_RefusesMutations()
    {
        using var response = await _host.Http.GetAsync("graphql?query=" + Uri.EscapeDataString("mutation { x }"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("errors")[0].GetProperty("message").GetString(), Does.Contain("cannot be sent with GET"));
    }

    [TestCase("{\"query\":", "JSON_ERROR")]
    [TestCase("{\"variables\":{}}", "REQUEST_ERROR")]
    [TestCase("{\"query\":\"{ validators { nope } }\"}", "FIELDS_ON_CORRECT_TYPE")]
    [TestCase("{\"query\":\"{ validators { \"}", "SYNTAX_ERROR")]
    public async Task GraphQL_BadRequests_Get400WithAnError(string json, string code)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _host.Http.PostAsync("graphql", content);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body.ToString());
        Assert.That(body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString(), Is.EqualTo(code));
    }

    [Test]
    public async Task GraphQL_WrongContentType_Gets415()
    {
        using var content = new StringContent("{ validators { id } }", Encoding.UTF8, "text/plain");
        using var response = await _host.Http.PostAsync("graphql", content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task RedisUrl_SharesTheRateLimitInRedis()
    {
        using var db = new TemporarySqlite("redis");
        var prefix = $"host-test:{Guid.NewGuid():N}:";
        await using (var host = await HostProcess.StartServerAsync(new Dictionary<string, string?>
        {
            ["SolStake__Storage__ConnectionString"] = db.ConnectionString,
            ["REDIS_URL"] = Servers.Redis.Url,
            ["SolStake__RateLimit__PermitLimit"] = "1",
            ["SolStake__RateLimit__KeyPrefix"] = prefix,
        }))
        {
            var (first, _) = await host.GraphQLAsync("{ validators { id } }");
            var (second, body) = await host.GraphQLAsync("{ validators { id } }");

            Assert.That(first, Is.EqualTo(200));
            Assert.That(second, Is.EqualTo(429));
            Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Too Many Requests"));
        }

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{Servers.Redis.Host}:{Servers.Redis.Port}");
        var keys = redis.GetServer(Servers.Redis.Host, Servers.Redis.Port).Keys(pattern: prefix + "*").ToList();
        Assert.That(keys, Has.Count.EqualTo(1), "the host counted in Redis");
    }

    [TestCase(null, true)]
    [TestCase("true", false)]
    public async Task OutsideDevelopment_PlainHttpIsRedirected_UnlessBehindATlsProxy(string? behindProxy, bool redirected)
    {
        using var db = new TemporarySqlite("https");
        await using var host = await HostProcess.StartServerAsync(new Dictionary<string, string?>
        {
            ["SolStake__Storage__ConnectionString"] = db.ConnectionString,
            ["ASPNETCORE_HTTPS_PORT"] = "8443",
            ["SolStake__Http__BehindTlsProxy"] = behindProxy,
        });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };

        using var response = await client.GetAsync("graphql?query=" + Uri.EscapeDataString("{ validators { id } }"));

        if (redirected)
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TemporaryRedirect));
            Assert.That(response.Headers.Location!.ToString(), Does.StartWith("https://").And.Contain(":8443/graphql?query="));
        }
        else
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Cors_AllowsOnlyTheConfiguredOrigins()
    {
        using var db = new TemporarySqlite("cors");
        await using var host = await HostProcess.StartServerAsync(new Dictionary<string, string?>
        {
            ["SolStake__Storage__ConnectionString"] = db.ConnectionString,
            ["SolStake__Http__CorsOrigins__0"] = "https://wallet.example",
        });

        using var allowed = await PreflightAsync(host, "https://wallet.example");
        using var other = await PreflightAsync(host, "https://evil.example");
        using var actual = new HttpRequestMessage(HttpMethod.Get, "graphql?query=" + Uri.EscapeDataString("{ validators { id } }"));
        actual.Headers.Add("Origin", "https://wallet.example");
        using var response = await host.Http.SendAsync(actual);

        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("https://wallet.example"));
        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("Authorization").IgnoreCase);
        Assert.That(other.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
        Assert.That(response.Headers.GetValues("Access-Control-Expose-Headers").Single(), Does.Contain("X-RateLimit-Remaining"));
    }

    [Test]
    public async Task Cors_ByDefault_AllowsNoOrigin()
    {
        using var preflight = await PreflightAsync(_host, "https://wallet.example");

        Assert.That(preflight.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HostProcess host, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await host.Http.SendAsync(request);
    }
}
