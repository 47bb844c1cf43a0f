using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Jobs;
using SolStake.Core.Storage;
using SolStake.Ingestion;
using SolStake.Jobs;
using SolStake.Scoring;
using SolStake.Storage;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>
/// A generic host running the scheduled jobs for real (Quartz, in memory or clustered on PostgreSQL) over a test
/// database and the fixture RPC server.
/// </summary>
internal sealed class JobsHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly bool _ownsDatabase;

    private JobsHarness(IHost host, FixtureRpcServer rpc, TestDatabase database, bool ownsDatabase)
    {
        _host = host;
        Rpc = rpc;
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    public FixtureRpcServer Rpc { get; }

    public TestDatabase Database { get; }

    public IServiceProvider Services => _host.Services;

    public IJobHistory History => Services.GetRequiredService<IJobHistory>();

    public IJobScheduler Scheduler => Services.GetRequiredService<IJobScheduler>();

    /// <summary>Starts a host; <paramref name="database"/> shares one (and its RPC server) with another harness.</summary>
    public static async Task<JobsHarness> StartAsync(
        string provider,
        Action<JobsOptions> jobs,
        bool serveFixtures = true,
        (TestDatabase Database, FixtureRpcServer Rpc)? shared = null)
    {
        var database = shared?.Database ?? await TestDatabase.CreateAsync(provider, "jobs");
        var rpc = shared?.Rpc ?? await FixtureRpcServer.StartAsync();
        if (serveFixtures && shared is null)
        {
            rpc.ServeVoteAccountsWithEpochInfo();
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        // The jobs bind the host's configuration; the sample host's appsettings.json (production schedule) sits in this
        // folder, so each test starts from its own settings only.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("SOLSTAKE_PROBE_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Debug).AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning);
        }
        var solStake = database.Register(builder.Services.AddSolStake())
            .AddRpcIngestion(o => { o.RpcUrl = rpc.Url; o.MaxRetryAttempts = 1; o.RetryDelay = TimeSpan.Zero; })
            .AddScoring();
        solStake.AddJobs(o =>
        {
            o.ClusterCheckinInterval = TimeSpan.FromSeconds(1);
            jobs(o);
        });
        builder.Services.AddHealthChecks().AddSolStakeDatabase().AddSolStakeJobs();
        var host = builder.Build();
        await host.Services.GetRequiredService<IStorageMigrator>().MigrateAsync();
        await host.StartAsync();
        return new JobsHarness(host, rpc, database, ownsDatabase: shared is null);
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the job history, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> WaitForRunsAsync(Func<IReadOnlyList<JobRunRecord>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var runs = await History.ListAsync(job: null, status: null, limit: 100);
            if (condition(runs))
            {
                return runs;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}; history: {string.Join("; ", runs.Select(r => $"{r.Job}#{r.Attempt} {r.Status} {r.Error}"))}");
            }

            await Task.Delay(100);
        }
    }

    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownsDatabase)
        {
            await Rpc.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
