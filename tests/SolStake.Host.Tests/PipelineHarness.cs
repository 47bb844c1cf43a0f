using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Ingestion;
using SolStake.Ingestion.Sync;
using SolStake.Scoring;
using SolStake.Storage;
using SolStake.Testing;

namespace SolStake.Host.Tests;

/// <summary>The packages composed in process, on a real database and the fixture RPC server, with a fake clock.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TestDatabase _database;

    private PipelineHarness(ServiceProvider services, FixtureRpcServer rpc, FakeTimeProvider time, RecordingListener listener, TestDatabase database)
    {
        _services = services;
        Rpc = rpc;
        Time = time;
        Changes = listener;
        _database = database;
    }

    public FixtureRpcServer Rpc { get; }

    public FakeTimeProvider Time { get; }

    public RecordingListener Changes { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static async Task<PipelineHarness> StartAsync(string provider, Action<SyncOptions>? sync = null, IDataChangeListener? firstListener = null)
    {
        var rpc = await FixtureRpcServer.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var listener = new RecordingListener();
        var database = await TestDatabase.CreateAsync(provider, "pipe");

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<TimeProvider>(time);
        if (firstListener is not null)
        {
            services.AddSingleton(firstListener);
        }

        services.AddSingleton<IDataChangeListener>(listener);
        database.Register(services.AddSolStake()).AddRpcIngestion(o => { o.RpcUrl = rpc.Url; o.RetryDelay = TimeSpan.Zero; o.MaxRetryAttempts = 1; }).AddScoring();
        if (sync is not null)
        {
            services.Configure(sync);
        }

        var built = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await built.GetRequiredService<IStorageMigrator>().MigrateAsync();
        return new PipelineHarness(built, rpc, time, listener, database);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Rpc.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A listener that remembers what it was told.</summary>
    internal sealed class RecordingListener : IDataChangeListener
    {
        private readonly List<DataChange> _changes = [];

        public IReadOnlyList<DataChange> Changes { get { lock (_changes) return [.. _changes]; } }

        public ValueTask OnDataChangedAsync(DataChange change, CancellationToken cancellationToken = default)
        {
            lock (_changes) _changes.Add(change);
            return ValueTask.CompletedTask;
        }
    }
}
