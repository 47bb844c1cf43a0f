using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SolStake.Core.DependencyInjection;
using SolStake.GraphQL;
using SolStake.GraphQL.Auth;
using SolStake.GraphQL.RateLimiting;
using StackExchange.Redis;

namespace SolStake.Host.Tests;

/// <summary>The per-client request limit, through a real host: in memory, shared in a real Redis, and with Redis down.</summary>
public class RateLimitTests
{
    private static readonly DateTimeOffset Start = LightApi.Start;

    [Test]
    public async Task EachResponse_CarriesTheLimitHeaders_AndTheRequestOverTheLimitIs429()
    {
        await using var api = await LightApi.StartAsync(permitLimit: 3);

        for (var i = 1; i <= 3; i++)
        {
            using var ok = await api.QueryAsync();
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Header(ok, "X-RateLimit-Limit"), Is.EqualTo("3"));
            Assert.That(Header(ok, "X-RateLimit-Remaining"), Is.EqualTo((3 - i).ToString(CultureInfo.InvariantCulture)));
            Assert.That(Header(ok, "X-RateLimit-Reset"), Is.EqualTo((Start + TimeSpan.FromMinutes(15)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        }

        api.Time.Advance(TimeSpan.FromMinutes(5));
        using var refused = await api.QueryAsync();
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Header(refused, "X-RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(Header(refused, "Retry-After"), Is.EqualTo("600"), "the oldest request leaves the window 10 minutes from now");
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("Too Many Requests"));
        Assert.That(body.GetProperty("message").GetString(), Is.EqualTo("Rate limit exceeded. Please try again later."));
        Assert.That(body.GetProperty("retryAfter").GetInt64(), Is.EqualTo(600));
    }

    [Test]
    public async Task ByDefault_The101stRequestIn15Minutes_Gets429_AndTheWindowResets()
    {
        await using var api = await LightApi.StartAsync(permitLimit: null);
        for (var i = 1; i <= 100; i++)
        {
            using var ok = await api.QueryAsync();
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"request {i}");
        }

        using var refused = await api.QueryAsync();
        api.Time.Advance(TimeSpan.FromMinutes(15));
        using var afterWindow = await api.QueryAsync();

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Header(refused, "X-RateLimit-Limit"), Is.EqualTo("100"));
        Assert.That(Header(refused, "Retry-After"), Is.EqualTo("900"));
        Assert.That(afterWindow.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(afterWindow, "X-RateLimit-Remaining"), Is.EqualTo("99"));
    }

    [Test]
    public async Task TheWindowSlides_RequestsLeaveItOneByOne()
    {
        await using var api = await LightApi.StartAsync(permitLimit: 2);
        (await api.QueryAsync()).Dispose();
        api.Time.Advance(TimeSpan.FromMinutes(10));
        (await api.QueryAsync()).Dispose();
        using (var full = await api.QueryAsync())
        {
            Assert.That(full.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        }

        // The first request leaves the window at minute 15, the second only at minute 25.
        api.Time.Advance(TimeSpan.FromMinutes(5));
        using var freed = await api.QueryAsync();
        using var fullAgain = await api.QueryAsync();

        Assert.That(freed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(freed, "X-RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(fullAgain.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Header(fullAgain, "Retry-After"), Is.EqualTo("600"));
    }

    [Test]
    public async Task SignedInUsers_AreCountedApartFromAnonymousCallers_AndFromEachOther()
    {
        await using var api = await LightApi.StartAsync(permitLimit: 1);
        var tokens = api.App.Services.GetRequiredService<JwtTokens>();
        var alice = tokens.Issue("alice", Permissions.Viewer, "alice@example.org");
        var bob = tokens.Issue("bob", Permissions.Viewer, "bob@example.org");

        using var anonymous = await api.QueryAsync();
        using var aliceFirst = await api.QueryAsync(alice);
        using var bobFirst = await api.QueryAsync(bob);
        using var aliceSecond = await api.QueryAsync(alice);

        Assert.That(new[] { anonymous.StatusCode, aliceFirst.StatusCode, bobFirst.StatusCode }, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(aliceSecond.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Health_IsNeverLimited()
    {
        await using var api = await LightApi.StartAsync(permitLimit: 1);
        (await api.QueryAsync()).Dispose();

        for (var i = 0; i < 5; i++)
        {
            using var health = await api.Http.GetAsync("health");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(health.Headers.Contains("X-RateLimit-Limit"), Is.False);
        }
    }

    [Test]
    public async Task ForwardedFor_CountsOnlyFromTrustedProxies()
    {
        await using (var untrusted = await LightApi.StartAsync(permitLimit: 1))
        {
            using var first = await untrusted.QueryAsync(forwardedFor: "203.0.113.1");
            using var spoofed = await untrusted.QueryAsync(forwardedFor: "203.0.113.2");
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(spoofed.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "a client must not dodge the limit with a made-up header");
        }

        await using var behindProxy = await LightApi.StartAsync(permitLimit: 1, configure: c => c["SolStake:RateLimit:TrustedProxies:0"] = "127.0.0.1");
        using var one = await behindProxy.QueryAsync(forwardedFor: "198.51.100.7, 203.0.113.1");
        using var other = await behindProxy.QueryAsync(forwardedFor: "203.0.113.2");
        using var oneAgain = await behindProxy.QueryAsync(forwardedFor: "198.51.100.9, 203.0.113.1");

        Assert.That(one.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(oneAgain.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the right-most untrusted hop is the client; what it prepends is not believed");
    }

    [Test]
    public async Task WithRedis_InstancesShareOneCount()
    {
        var prefix = $"test:{Guid.NewGuid():N}:";
        void Configure(Microsoft.Extensions.Configuration.ConfigurationManager c) => c["SolStake:RateLimit:KeyPrefix"] = prefix;
        await using var first = await LightApi.StartAsync(permitLimit: 3, configure: Configure, redisUrl: Servers.Redis.Url);
        await using var second = await LightApi.StartAsync(permitLimit: 3, configure: Configure, redisUrl: Servers.Redis.Url);

        using var a = await first.QueryAsync();
        using var b = await second.QueryAsync();
        using var c = await first.QueryAsync();
        using var refused = await second.QueryAsync();

        Assert.That(new[] { a.StatusCode, b.StatusCode, c.StatusCode }, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(c, "X-RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{Servers.Redis.Host}:{Servers.Redis.Port}");
        var key = new RedisKey(prefix + "127.0.0.1|anonymous");
        Assert.That(await redis.GetDatabase().SortedSetLengthAsync(key), Is.EqualTo(3));
        Assert.That(await redis.GetDatabase().KeyTimeToLiveAsync(key), Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
    }

    [Test]
    public async Task WithRedisDown_RequestsAreStillServedAndCountedHere()
    {
        await using var api = await LightApi.StartAsync(permitLimit: 2, redisUrl: "redis://127.0.0.1:1");

        using var first = await api.QueryAsync();
        using var second = await api.QueryAsync();
        using var third = await api.QueryAsync();

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Header(second, "X-RateLimit-Remaining"), Is.EqualTo("0"));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task InMemory_ClientsThatWentAway_AreSwept()
    {
        await using var api = await LightApi.StartAsync(permitLimit: 1_000_000);
        var limiter = api.App.Services.GetRequiredService<SlidingWindowLimiter>();
        for (var i = 0; i < 100; i++)
        {
            await limiter.HitAsync($"client-{i}", CancellationToken.None);
        }

        api.Time.Advance(TimeSpan.FromMinutes(16));
        for (var i = 0; i < 5000; i++)
        {
            await limiter.HitAsync("steady", CancellationToken.None);
        }

        Assert.That(limiter.LocalClients, Is.EqualTo(1));
    }

    [TestCase("redis://127.0.0.1:6390", "127.0.0.1:6390", null, null, false, null)]
    [TestCase("redis://cache.internal", "cache.internal:6379", null, null, false, null)]
    [TestCase("rediss://default:p%40ss@cache.internal:6380/2", "cache.internal:6380", "default", "p@ss", true, 2)]
    [TestCase("redis://:secret@localhost:6379", "localhost:6379", null, "secret", false, null)]
    [TestCase("localhost:6379,password=secret", "localhost:6379", null, "secret", false, null)]
    public void RedisUrls_AreRead(string url, string endpoint, string? user, string? password, bool ssl, int? database)
    {
        var options = SolStake.Redis.RedisConfiguration.Parse(url);

        Assert.That(options.EndPoints.Select(e => e.ToString()), Is.EqualTo(new[] { endpoint }).Or.EqualTo(new[] { "Unspecified/" + endpoint }));
        Assert.That(options.User, Is.EqualTo(user));
        Assert.That(options.Password, Is.EqualTo(password));
        Assert.That(options.Ssl, Is.EqualTo(ssl));
        Assert.That(options.DefaultDatabase, Is.EqualTo(database));
    }

    [Test]
    public void RedisUrl_WithANonNumericDatabase_IsRefused() =>
        Assert.That(() => SolStake.Redis.RedisConfiguration.Parse("redis://localhost/cache"), Throws.InstanceOf<FormatException>().With.Message.Contains("'cache'"));

    [Test]
    public void Options_OutOfRange_FailAtStart()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["SolStake:Auth:SecretKey"] = HostProcess.TestSecret;
        builder.Configuration["SolStake:RateLimit:PermitLimit"] = "0";
        builder.Services.AddSolStake().AddGraphQLApi();
        using var app = builder.Build();

        Assert.That(async () => await app.StartAsync(), Throws.InstanceOf<Microsoft.Extensions.Options.OptionsValidationException>().With.Message.Contains("PermitLimit"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
