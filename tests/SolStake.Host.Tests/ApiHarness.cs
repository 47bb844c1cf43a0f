using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL;
using SolStake.Ingestion;
using SolStake.Ingestion.Sync;
using SolStake.Scoring;
using SolStake.Storage;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// The API packages in a real ASP.NET Core host on a loopback port, over a database filled by a real sync of the
/// epoch-752 recording and two scoring runs (none with <c>sync: false</c>; the dashboard too with <c>dashboard: true</c>);
/// database commands are counted.
/// </summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestDatabase _database;

    private ApiHarness(WebApplication app, HttpClient http, CommandCounter counter, TestDatabase database, FixtureRpcServer rpc)
    {
        _app = app;
        Rpc = rpc;
        Http = http;
        Commands = counter;
        _database = database;
    }

    public HttpClient Http { get; }

    /// <summary>The RPC server the host reads, kept up for wallet tracking.</summary>
    public FixtureRpcServer Rpc { get; }

    public CommandCounter Commands { get; }

    /// <summary>The database under the host.</summary>
    public TestDatabase Database => _database;

    public IServiceProvider Services => _app.Services;

    public static async Task<ApiHarness> StartAsync(string provider, bool cache = false, string? redisUrl = null, bool redisRequired = false, Action<Microsoft.Extensions.Configuration.ConfigurationManager>? configure = null, bool dashboard = false, bool sync = true)
    {
        var database = await TestDatabase.CreateAsync(provider, "api");
        var rpc = await FixtureRpcServer.StartAsync();
        rpc.ServeVoteAccountsWithEpochInfo();

        var builder = WebApplication.CreateBuilder();
        builder.Configuration["SolStake:Auth:SecretKey"] = HostProcess.TestSecret;
        // These tests send hundreds of queries from one client; RateLimitTests cover the limit itself.
        builder.Configuration["SolStake:RateLimit:PermitLimit"] = "1000000";
        // They count database commands per query, so answers must come from the database; ResponseCacheTests cover the cache.
        builder.Configuration["SolStake:Cache:Enabled"] = cache ? "true" : "false";
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure?.Invoke(builder.Configuration);
        var counter = new CommandCounter();
        builder.Services.AddSingleton<IInterceptor>(counter);
        var solStake = database.Register(builder.Services.AddSolStake())
            .AddRpcIngestion(o => { o.RpcUrl = rpc.Url; o.MaxRetryAttempts = 1; o.RetryDelay = TimeSpan.Zero; }).AddScoring().AddGraphQLApi().AddSolStakeJwt();
        if (dashboard)
        {
            solStake.AddDashboard();
        }

        var health = builder.Services.AddHealthChecks().AddSolStakeDatabase();
        if (redisUrl is not null)
        {
            solStake.AddRedis(o => { o.ConnectionString = redisUrl; o.Required = redisRequired; });
            health.AddSolStakeRedis();
        }
        var app = builder.Build();
        app.MapSolStake();
        if (dashboard)
        {
            app.MapSolStakeDashboard();
        }

        await app.StartAsync();

        if (sync)
        {
            await app.Services.GetRequiredService<IValidatorSync>().RunOnceAsync();
            await app.Services.GetRequiredService<IScoringRunner>().RunAsync();
            await app.Services.GetRequiredService<IScoringRunner>().RunAsync("Legacy");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ApiHarness(app, new HttpClient { BaseAddress = new Uri(address) }, counter, database, rpc);
    }

    public async Task<(int Status, JsonElement Body)> QueryAsync(string query, object? variables = null, string? token = null)
    {
        Commands.Reset();
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>A token of the host's own issuing for a role.</summary>
    public string Token(string role) => Token(role, $"{role}-1");

    public string Token(string role, string userId) => Services.GetRequiredService<SolStake.GraphQL.Auth.JwtTokens>().Issue(userId, role, $"{userId}@example.org");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await Rpc.DisposeAsync();
    }

    /// <summary>Counts the queries EF Core sends.</summary>
    internal sealed class CommandCounter : DbCommandInterceptor
    {
        private readonly List<string> _commands = [];

        public int Count { get { lock (_commands) return _commands.Count; } }

        /// <summary>The commands' SQL, for failure messages.</summary>
        public string Texts { get { lock (_commands) return string.Join("\n---\n", _commands); } }

        public void Reset()
        {
            lock (_commands) _commands.Clear();
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            lock (_commands) _commands.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
