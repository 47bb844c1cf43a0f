using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SolStake.GraphQL.Auth;
using SolStake.GraphQL.Caching;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// SolStake in a team's own host (Production): it adds what it brings and changes nothing of the host's: forwarded
/// headers, HybridCache, distributed cache, authentication; the host's own users reach SolStake's fields; a host
/// started before its database becomes ready when the database answers, and tells anonymous callers statuses only.
/// </summary>
public class GuestInHostTests
{
    private static readonly IPAddress TeamProxy = IPAddress.Parse("192.0.2.10"); // a documentation address: no traffic goes there

    private static WebApplicationBuilder TeamBuilder(CapturedLogs? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        return builder;
    }

    private static HttpClient ClientOf(WebApplication app) => new()
    {
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()),
    };

    [Test]
    public async Task TeamHostWithItsOwnProxyList_ASpoofedForwardedFor_ChangesNeitherItsClientNorSolStakesCount()
    {
        var builder = TeamBuilder();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            o.KnownProxies.Add(TeamProxy);
        });
        builder.Services.AddSolStake().AddGraphQLApi();
        await using var app = builder.Build();
        app.UseForwardedHeaders();
        app.MapGroup("/staking").MapSolStake();
        app.MapGet("/team/ip", (HttpContext http) => http.Connection.RemoteIpAddress?.ToString());
        await app.StartAsync();
        using var http = ClientOf(app);

        var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/team/ip") { Headers = { { "X-Forwarded-For", "6.6.6.6" } } };
        var seen = await (await http.SendAsync(spoofed)).Content.ReadAsStringAsync();
        var remaining = new List<int>();
        foreach (var address in new[] { "6.6.6.1", "6.6.6.2", "6.6.6.3" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/staking/cache/status") { Headers = { { "X-Forwarded-For", address } } };
            using var response = await http.SendAsync(request);
            remaining.Add(int.Parse(response.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture));
        }

        await app.StopAsync();
        Assert.Multiple(() =>
        {
            Assert.That(forwarded.KnownProxies, Is.EqualTo(new[] { TeamProxy }), "the team's one proxy, nothing cleared or added");
            Assert.That(forwarded.KnownIPNetworks, Is.Empty);
            Assert.That(forwarded.ForwardLimit, Is.EqualTo(1), "ASP.NET Core's default, as the team left it");
            Assert.That(seen, Is.EqualTo("127.0.0.1"), "a header from an untrusted sender is ignored");
            Assert.That(remaining, Is.EqualTo(new[] { 99, 98, 97 }), "one client, one window, whatever the header says");
        });
    }

    [Test]
    public async Task TeamHostThatTrustsItsLoopbackProxy_SolStakeCountsTheClientTheHostEstablished()
    {
        var builder = TeamBuilder();
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor); // loopback is trusted by default
        builder.Services.AddSolStake().AddGraphQLApi();
        await using var app = builder.Build();
        app.UseForwardedHeaders();
        app.MapSolStake();
        await app.StartAsync();
        using var http = ClientOf(app);

        var remaining = new List<string>();
        foreach (var address in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/cache/status") { Headers = { { "X-Forwarded-For", address } } };
            using var response = await http.SendAsync(request);
            remaining.Add(response.Headers.GetValues("X-RateLimit-Remaining").Single());
        }

        await app.StopAsync();
        Assert.That(remaining, Is.EqualTo(new[] { "99", "99", "98" }), "each forwarded client has its own window");
    }

    [Test]
    public async Task TeamHostWithItsOwnCaches_KeepsItsHybridCacheOptionsAndDistributedCache_SolStakeOwnsKeyedOnes()
    {
        var builder = TeamBuilder();
        builder.Services.AddHybridCache(o => o.MaximumPayloadBytes = 64 * 1024);
        builder.Services.AddStackExchangeRedisCache(o =>
        {
            o.Configuration = $"{Servers.Redis.Host}:{Servers.Redis.Port}";
            o.InstanceName = "team:";
        });
        builder.Services.AddSolStake().AddGraphQLApi().AddRedis(o => o.ConnectionString = Servers.Redis.Url);
        await using var app = builder.Build();
        var services = app.Services;

        Assert.Multiple(() =>
        {
            Assert.That(services.GetRequiredService<IOptions<HybridCacheOptions>>().Value.MaximumPayloadBytes, Is.EqualTo(64 * 1024), "the team's limit");
            Assert.That(services.GetRequiredService<IOptionsMonitor<HybridCacheOptions>>().Get(SolStakeCaching.ServiceKey).MaximumPayloadBytes,
                Is.EqualTo(16 * 1024 * 1024), "SolStake's own named options");
            Assert.That(services.GetRequiredService<HybridCache>(), Is.Not.SameAs(services.GetRequiredKeyedService<HybridCache>(SolStakeCaching.ServiceKey)));
            Assert.That(services.GetRequiredService<IOptions<RedisCacheOptions>>().Value.InstanceName, Is.EqualTo("team:"));
            Assert.That(services.GetServices<IDistributedCache>().Count(), Is.EqualTo(1), "the team's one distributed cache");
            Assert.That(services.GetRequiredService<IDistributedCache>(), Is.Not.SameAs(services.GetRequiredKeyedService<IDistributedCache>(SolStakeCaching.DistributedCacheServiceKey)));
        });
    }

    [Test]
    public async Task WithoutRedis_SolStakesCacheNeverWritesIntoTheHostsDistributedCache()
    {
        var builder = TeamBuilder();
        var recorder = new RecordingDistributedCache();
        builder.Services.AddSingleton<IDistributedCache>(recorder);
        builder.Services.AddSolStake().AddSqliteStorage(o => o.ConnectionString = "Data Source=:memory:").AddScoring().AddGraphQLApi();
        await using var app = builder.Build();
        var cache = app.Services.GetRequiredService<GraphQLResponseCache>();

        await cache.SetAsync("graphql:probe", [1, 2, 3], cache.Generation, "test", CancellationToken.None);
        var read = await cache.GetAsync("graphql:probe", CancellationToken.None);

        Assert.That(read, Is.EqualTo(new byte[] { 1, 2, 3 }), "cached in SolStake's own memory level");
        Assert.That(recorder.Writes, Is.Zero, "the host's IDistributedCache is the host's");
    }

    [Test]
    public async Task TeamHostWithItsOwnScheme_StartsInProductionWithoutASolStakeSecret_AndItsMappedUsersReachSolStakesFields()
    {
        var builder = TeamBuilder();
        builder.Services.AddAuthentication("Team").AddScheme<AuthenticationSchemeOptions, TeamHeaderHandler>("Team", null);
        builder.Services.AddSolStake().AddGraphQLApi()
            .ConfigureAuthorization(o => o.MapPermissions = user =>
                user.IsInRole("staking-admin") ? [Permissions.AdminSystem, Permissions.ReadScores] : [Permissions.ReadValidators]);
        await using var app = builder.Build();
        app.MapGroup("/staking").MapSolStake();
        app.MapGet("/team/admin", () => "ok").RequireAuthorization(SolStakePolicies.Permission(Permissions.AdminSystem));
        await app.StartAsync();
        using var http = ClientOf(app);

        async Task<(HttpStatusCode Status, string Body)> AskAsync(string path, string? user, string? role, object? graphql = null)
        {
            using var request = new HttpRequestMessage(graphql is null ? HttpMethod.Get : HttpMethod.Post, path);
            if (graphql is not null)
            {
                request.Content = JsonContent.Create(graphql);
            }

            if (user is not null)
            {
                request.Headers.Add("X-Team-User", user);
                request.Headers.Add("X-Team-Role", role ?? string.Empty);
            }

            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var query = new { query = "{ cacheStatus { totalKeys } }" };
        var admin = await AskAsync("/staking/graphql", "alice", "staking-admin", query);
        var plain = await AskAsync("/staking/graphql", "bob", "member", query);
        var anonymous = await AskAsync("/staking/graphql", null, null, query);
        var policyAdmin = await AskAsync("/team/admin", "alice", "staking-admin");
        var policyPlain = await AskAsync("/team/admin", "bob", "member");
        await app.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(admin.Body, Does.Contain("totalKeys").And.Not.Contain("errors"));
            Assert.That(plain.Body, Does.Contain("FORBIDDEN"));
            Assert.That(anonymous.Body, Does.Contain("UNAUTHENTICATED"));
            Assert.That(policyAdmin.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(policyPlain.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task HostStartedBeforeItsDatabase_AnswersLiveness_IsNotReady_ThenBecomesReadyAndMigratesWhenTheDatabaseAnswers()
    {
        var database = await Servers.Postgres.CreateDatabaseAsync("late");
        var realPort = new NpgsqlConnectionStringBuilder(database).Port;
        var latePort = LoopbackPorts.GetFree();
        var lateDatabase = new NpgsqlConnectionStringBuilder(database) { Port = latePort, Timeout = 2 }.ConnectionString;
        var logs = new CapturedLogs();
        var builder = TeamBuilder(logs);
        builder.Services.AddSolStake()
            .AddPostgresStorage(o => { o.ConnectionString = lateDatabase; o.MigrateOnStart = true; })
            .AddScoring()
            .AddGraphQLApi();
        builder.Services.AddHealthChecks().AddSolStakeDatabase();
        await using var app = builder.Build();
        app.MapSolStake();
        await app.StartAsync();
        using var http = ClientOf(app);

        var live = await http.GetAsync("/health");
        var unready = await http.GetAsync("/health/ready");
        var unreadyBody = await unready.Content.ReadAsStringAsync();

        await using (LoopbackForwarder.Start(latePort, realPort))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode readyStatus;
            do
            {
                await Task.Delay(250);
                readyStatus = (await http.GetAsync("/health/ready")).StatusCode;
            }
            while (readyStatus != HttpStatusCode.OK && DateTime.UtcNow < deadline);

            var migrated = await app.Services.GetRequiredService<SolStake.Core.Storage.IValidatorStore>().CountValidatorsAsync();
            await app.StopAsync();

            Assert.Multiple(() =>
            {
                Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "liveness while the database is down");
                Assert.That(unready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(readyStatus, Is.EqualTo(HttpStatusCode.OK), "ready once the database answers");
                Assert.That(migrated, Is.Zero, "the migrations ran: the tables exist");
            });
        }

        // Anonymous callers learn each check's status, never the detail (the address, the exception, the machine).
        using var json = JsonDocument.Parse(unreadyBody);
        var check = json.RootElement.GetProperty("checks").GetProperty("solstake-database");
        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("status").GetString(), Is.EqualTo("unhealthy"));
            Assert.That(check.TryGetProperty("description", out _), Is.False);
            Assert.That(unreadyBody, Does.Not.Contain(latePort.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Not.Contain(Environment.MachineName));
            Assert.That(logs.Entries, Has.Some.Matches<LogEntry>(e => e.EventId == 3002 && e.Exception is not null), "the wait is logged with its exception");
            Assert.That(logs.Entries, Has.Some.Matches<LogEntry>(e => e.EventId == 5301 && e.Message.Contains("solstake-database", StringComparison.Ordinal)), "the unready check is logged");
        });
    }

    private sealed class RecordingDistributedCache : IDistributedCache
    {
        private int _writes;

        public int Writes => _writes;

        public byte[]? Get(string key) => null;

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => Task.FromResult<byte[]?>(null);

        public void Refresh(string key)
        {
        }

        public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Remove(string key)
        {
        }

        public Task RemoveAsync(string key, CancellationToken token = default) => Task.CompletedTask;

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Interlocked.Increment(ref _writes);

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Interlocked.Increment(ref _writes);
            return Task.CompletedTask;
        }
    }
}

/// <summary>A team's own scheme: the user and role in headers (<c>X-Team-User</c>, <c>X-Team-Role</c>).</summary>
internal sealed class TeamHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(Request.Headers["X-Team-User"].ToString() is { Length: > 0 } name
            ? AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Request.Headers["X-Team-Role"].ToString())], "Team")), "Team"))
            : AuthenticateResult.NoResult());
}

/// <summary>A log event as a test reads it.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

/// <summary>Keeps every log event of a host.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public IReadOnlyList<string> Warnings() => [.. _entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}
