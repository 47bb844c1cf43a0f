using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Jobs;
using SolStake.GraphQL.Auth;
using SolStake.Jobs;

namespace SolStake.Host.Tests;

/// <summary>How the packages compose in a host: every Add* twice, missing dependencies, a host with its own authentication.</summary>
public class CompositionTests
{
    private static IServiceCollection Services(Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        return services;
    }

    [Test]
    public void EveryAdd_Twice_RegistersOnce_AndResolvesWithValidation()
    {
        var services = Services(new() { ["SolStake:Auth:SecretKey"] = HostProcess.TestSecret });
        var callbacks = 0;
        for (var i = 0; i < 2; i++)
        {
            services.AddSolStake()
                .AddSqliteStorage(o => o.ConnectionString = "Data Source=:memory:")
                .AddRpcIngestion()
                .AddScoring()
                .AddJobs(_ => callbacks++)
                .AddGraphQLApi()
                .AddSolStakeJwt()
                .AddRedis(o => o.ConnectionString = "127.0.0.1:1");
        }

        Assert.That(services.Count(d => d.ServiceType == typeof(Core.Storage.IValidatorStore)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IJobScheduler)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(GraphQL.Schema.SolStakeSchema)), Is.EqualTo(1));
        Assert.That(callbacks, Is.EqualTo(2), "each AddJobs callback ran once");
        services.AddRouting();
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "test" });
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Assert.That(provider.GetRequiredService<IOptions<JobsOptions>>().Value.RunScheduler, Is.True);
    }

    [Test]
    public void OneRoot_MovesEverySectionACallBinds_AndMessagesNameTheKeyBound()
    {
        var services = Services(new()
        {
            ["Staking:SolStake:RateLimit:PermitLimit"] = "7",
            ["Staking:SolStake:Cache:Ttl"] = "00:00:42",
            ["Staking:SolStake:GraphQL:MaxDepth"] = "9",
            ["Staking:SolStake:Storage:ConnectionString"] = "Data Source=:memory:",
            ["SolStake:RateLimit:PermitLimit"] = "500",
        });
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "test" });
        services.AddRouting();
        services.AddSolStake("Staking:SolStake").AddSqliteStorage().AddRpcIngestion().AddGraphQLApi().AddSolStakeJwt();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<SolStake.GraphQL.RateLimiting.RateLimitOptions>>().Value.PermitLimit, Is.EqualTo(7));
        Assert.That(provider.GetRequiredService<IOptions<SolStake.GraphQL.Caching.ResponseCacheOptions>>().Value.Ttl, Is.EqualTo(TimeSpan.FromSeconds(42)));
        Assert.That(provider.GetRequiredService<IOptions<SolStake.GraphQL.GraphQLApiOptions>>().Value.MaxDepth, Is.EqualTo(9));
        var ex = Assert.Catch(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(ex!.ToString(), Does.Contain("Staking:SolStake:Auth:SecretKey").And.Contain("Staking:SolStake:Sync:ScoreAfterSync"));
    }

    [Test]
    public void AddOverloads_TakeASectionObject_AndASecondCallKeepsTheFirstBinding()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Team:Api:MaxDepth"] = "8",
            ["Team:Other:MaxDepth"] = "3",
            ["Team:Scoring:DefaultProfile"] = "JitoCompatible",
        }).Build();
        var services = Services();
        services.AddSolStake()
            .AddGraphQLApi(configuration.GetSection("Team:Api"))
            .AddGraphQLApi(configuration.GetSection("Team:Other"))
            .AddScoring(configuration.GetSection("Team:Scoring"));
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<SolStake.GraphQL.GraphQLApiOptions>>().Value.MaxDepth, Is.EqualTo(8));
        Assert.That(provider.GetRequiredService<IOptions<SolStake.Scoring.ScoringOptions>>().Value.DefaultProfile, Is.EqualTo("JitoCompatible"));
        Assert.That(provider.GetRequiredService<SolStakeSection<SolStake.GraphQL.GraphQLApiOptions>>().Path, Is.EqualTo("Team:Api"), "what messages name");
    }

    [Test]
    public void RootAsASection_BindsFromIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Team:Staking:RateLimit:PermitLimit"] = "3" }).Build();
        var services = Services();
        services.AddSolStake(configuration.GetSection("Team:Staking")).AddGraphQLApi();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<SolStake.GraphQL.RateLimiting.RateLimitOptions>>().Value.PermitLimit, Is.EqualTo(3));
    }

    [Test]
    public async Task AddJobs_SecondCallback_ReachesTheScheduler()
    {
        var services = Services();
        services.AddSolStake().AddSqliteStorage(o => o.ConnectionString = "Data Source=:memory:").AddScoring()
            .AddJobs(o => { o.MaxConcurrency = 3; o.RunScheduler = false; })
            .AddJobs(o => o.MaxConcurrency = 5);
        await using var provider = services.BuildServiceProvider();

        var scheduler = await provider.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var metadata = await scheduler.GetMetadata();
        await scheduler.Shutdown();

        Assert.That(metadata.ThreadPoolSize, Is.EqualTo(5), "the second callback's thread count, not the first's");
    }

    [Test]
    public void AddJobs_SecondCallback_ChangesTheSameOptions()
    {
        var services = Services();
        services.AddSolStake().AddSqliteStorage().AddScoring().AddJobs(o => o.MaxAttempts = 5).AddJobs(o => o.RunScheduler = false);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<JobsOptions>>().Value;
        Assert.That((options.MaxAttempts, options.RunScheduler), Is.EqualTo((5, false)));
    }

    [Test]
    public void AddJobs_WithoutStorage_SaysToAddItFirst()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Services().AddSolStake().AddJobs());

        Assert.That(ex!.Message, Does.Contain("AddPostgresStorage or AddSqliteStorage"));
    }

    [Test]
    public void Sync_ThatScores_WithoutScoring_FailsAtStart()
    {
        var services = Services();
        services.AddSolStake().AddSqliteStorage().AddRpcIngestion();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(ex!.Message, Does.Contain("AddScoring()").And.Contain("ScoreAfterSync"));
    }

    [Test]
    public void Sync_ThatOnlyCollects_NeedsNoScoring()
    {
        var services = Services(new() { ["SolStake:Sync:ScoreAfterSync"] = "false" });
        services.AddSolStake().AddSqliteStorage().AddRpcIngestion();
        using var provider = services.BuildServiceProvider();

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Test]
    public async Task ScoreJob_ExistsOnlyWithScoring()
    {
        using var file = new TemporarySqlite("noscore");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SolStake:Sync:ScoreAfterSync"] = "false" });
        builder.Logging.ClearProviders();
        builder.Services.AddSolStake().AddSqliteStorage(o => { o.ConnectionString = file.ConnectionString; o.MigrateOnStart = true; }).AddJobs();
        using var host = builder.Build();
        await host.StartAsync();

        var scheduler = host.Services.GetRequiredService<IJobScheduler>();
        var ex = Assert.ThrowsAsync<ArgumentException>(() => scheduler.TriggerNowAsync(JobNames.Score));
        var status = await scheduler.GetStatusAsync();
        await host.StopAsync();

        Assert.That(ex!.Message, Does.Contain("AddScoring()"));
        Assert.That(status.Jobs.Select(j => j.Name), Is.EqualTo(new[] { JobNames.Fetch }));
    }

    [Test]
    public async Task HostWithItsOwnDefaultScheme_AndSolStakeTokens_KeepsItsUser_AndEitherSchemeSatisfiesSolStakePolicies()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["SolStake:Auth:SecretKey"] = HostProcess.TestSecret;
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication("Team").AddScheme<AuthenticationSchemeOptions, TeamHeaderHandler>("Team", null);
        // SolStake's own tokens beside the team's scheme: both listed, so either one's callers reach SolStake.
        builder.Services.AddSolStake().AddGraphQLApi().AddSolStakeJwt().ConfigureAuthorization(o => o.AuthenticationSchemes.Add("Team"));
        await using var app = builder.Build();
        app.MapSolStake();
        app.MapGet("/team/me", (HttpContext http) => http.User.Identity?.Name ?? "anonymous");
        app.MapGet("/team/admin", () => "secret").RequireAuthorization(SolStakePolicies.Permission(Permissions.AdminSystem));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
        var tokens = app.Services.GetRequiredService<JwtTokens>();

        // The team's scheme still authenticates its own requests; SolStake's does not replace HttpContext.User.
        using var me = new HttpRequestMessage(HttpMethod.Get, "/team/me") { Headers = { { "X-Team-User", "alice" } } };
        var who = await (await http.SendAsync(me)).Content.ReadAsStringAsync();
        using var graphql = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = "{ __typename }" }) };
        graphql.Headers.Add("X-Team-User", "alice");
        graphql.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("bob", Permissions.Viewer));
        var graphqlStatus = (await http.SendAsync(graphql)).StatusCode;
        using var asViewer = new HttpRequestMessage(HttpMethod.Get, "/team/admin") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("bob", Permissions.Viewer)) } };
        using var asAdmin = new HttpRequestMessage(HttpMethod.Get, "/team/admin") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue("carol", Permissions.Admin)) } };
        using var asTeamUser = new HttpRequestMessage(HttpMethod.Get, "/team/admin") { Headers = { { "X-Team-User", "alice" } } };
        var viewerStatus = (await http.SendAsync(asViewer)).StatusCode;
        var adminStatus = (await http.SendAsync(asAdmin)).StatusCode;
        var teamUserStatus = (await http.SendAsync(asTeamUser)).StatusCode;
        var anonymousStatus = (await http.GetAsync("/team/admin")).StatusCode;
        await app.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(who, Is.EqualTo("alice"));
            Assert.That(graphqlStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(viewerStatus, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(adminStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(teamUserStatus, Is.EqualTo(HttpStatusCode.Forbidden), "the team's user has no SolStake permission claim");
            Assert.That(anonymousStatus, Is.EqualTo(HttpStatusCode.Unauthorized));
        });
    }

    [Test]
    public async Task SettingsThatDoNothing_AreSaidAtStart()
    {
        using var file = new TemporarySqlite("warnings");
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SolStake:Auth:SecretKey"] = HostProcess.TestSecret,
            ["SolStake:Redis:ConnectionString"] = "redis://cache.invalid:6379",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSolStake()
            .AddSqliteStorage(o => { o.ConnectionString = file.ConnectionString; o.MigrateOnStart = true; })
            .AddScoring()
            .AddJobs()
            .AddGraphQLApi();
        await using var app = builder.Build();
        app.MapSolStake();
        await app.StartAsync();
        await app.StopAsync();

        Assert.That(logs.Warnings(), Has.Some.Contains("did not call AddRedis()"), "REDIS_URL without AddRedis()");
        Assert.That(logs.Warnings(), Has.Some.Contains("Schedule is not set").And.Some.Contains("run only when triggered"), "no schedule");
    }
}
