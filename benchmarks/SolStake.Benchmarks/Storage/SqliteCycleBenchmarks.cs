using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Benchmarks.Load;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Storage;

namespace SolStake.Benchmarks.Storage;

/// <summary>
/// Persisting one full cycle for the 1,351 validators of the epoch-752 recording on SQLite (the embedded default):
/// validators, an observation each, per-epoch credits, a scoring run and its scores, through the stores. The
/// benchmark gate checks its allocations; it has no in-run reference to compare its time with (the per-row baseline of
/// <see cref="CyclePersistenceBenchmarks"/> is written for PostgreSQL).
/// </summary>
[MemoryDiagnoser]
public class SqliteCycleBenchmarks
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"solstake-cycle-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;
    private VoteAccount[] _accounts = [];
    private List<TrustScoreRecord> _scores = [];
    private ulong _slot = 325_058_116;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        (_accounts, _scores) = await RecordedRun.LoadAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSolStake().AddSqliteStorage(o => o.ConnectionString = $"Data Source={_file}");
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<IStorageMigrator>().MigrateAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        ApiLoadRun.DeleteDatabase(_file);
    }

    [Benchmark(Description = "SolStake on SQLite: one cycle")]
    public async Task CycleAsync()
    {
        var slot = Interlocked.Increment(ref _slot);
        var now = DateTimeOffset.UtcNow;
        await _services.GetRequiredService<IValidatorStore>().RecordObservationAsync(new ClusterObservation
        {
            ObservedAt = now, Epoch = slot / 432_000, Slot = slot, SlotIndex = slot % 432_000, SlotsInEpoch = 432_000, VoteAccounts = _accounts,
        });
        var scoring = _services.GetRequiredService<IScoringStore>();
        var run = await scoring.StartRunAsync("Default", "trustscore-v2.2", now);
        await scoring.CompleteRunAsync(run, _scores, 0, now);
    }
}
