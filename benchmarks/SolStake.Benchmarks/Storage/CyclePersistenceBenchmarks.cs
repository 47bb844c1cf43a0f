using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Scoring;
using SolStake.Storage;
using SolStake.Testing;

namespace SolStake.Benchmarks.Storage;

/// <summary>
/// Persisting one full cycle for the 1,351 validators of the epoch-752 recording on PostgreSQL: validators, an
/// observation each, per-epoch credits, a scoring run and its scores. SolStake's set-based path (binary COPY into
/// staging tables, a few INSERT … SELECT … ON CONFLICT) against the earlier design's access pattern: one upsert
/// per validator and one insert per score, 50 at a time, each a statement of its own on a pool of 5 connections
/// (Prisma's default pool for two cores: 2 × cores + 1). Targets: at least 30× faster, and under 100 ms.
/// Each run is one cycle (monitoring strategy): I/O, not a hot loop.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class CyclePersistenceBenchmarks
{
    private PostgresServer _server = null!;
    private ServiceProvider _services = null!;
    private NpgsqlDataSource _baseline = null!;
    private VoteAccount[] _accounts = [];
    private List<TrustScoreRecord> _scores = [];
    private ulong _slot = 325_058_116;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await PostgresServer.StartAsync();
        var ours = await _server.CreateDatabaseAsync("bench_ours");
        var theirs = await _server.CreateDatabaseAsync("bench_baseline");

        (_accounts, _scores) = await RecordedRun.LoadAsync();

        _services = Build(ours);
        await _services.GetRequiredService<IStorageMigrator>().MigrateAsync();
        await using (var schema = Build(theirs))
        {
            await schema.GetRequiredService<IStorageMigrator>().MigrateAsync();
        }

        _baseline = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(theirs) { MaxPoolSize = 5 }.ConnectionString);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _baseline.DisposeAsync();
        await _services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "per-row upserts, 50 at a time")]
    public async Task PerRowAsync()
    {
        var slot = (long)Interlocked.Increment(ref _slot);
        var now = DateTimeOffset.UtcNow;
        foreach (var batch in _accounts.Chunk(50))
        {
            await Task.WhenAll(batch.Select(a => UpsertOneAsync(a, slot, now)));
        }

        long run;
        await using (var command = _baseline.CreateCommand("INSERT INTO scoring_runs (run_date, status, profile, model_version, validator_count, success_count, fail_count, created_at) VALUES ($1, 'completed', 'Default', 'v', $2, $2, 0, $1) RETURNING id"))
        {
            command.Parameters.AddWithValue(now);
            command.Parameters.AddWithValue(_scores.Count);
            run = (long)(await command.ExecuteScalarAsync())!;
        }

        foreach (var batch in _scores.Chunk(50))
        {
            await Task.WhenAll(batch.Select(s => InsertScoreAsync(s, run, now)));
        }
    }

    [Benchmark(Description = "SolStake: staging tables and set-based statements")]
    public async Task SetBasedAsync()
    {
        var slot = Interlocked.Increment(ref _slot);
        var now = DateTimeOffset.UtcNow;
        await _services.GetRequiredService<IValidatorStore>().RecordObservationAsync(new ClusterObservation
        {
            ObservedAt = now, Epoch = slot / 432_000, Slot = slot, SlotIndex = slot % 432_000, SlotsInEpoch = 432_000, VoteAccounts = _accounts,
        });
        var scoring = _services.GetRequiredService<IScoringStore>();
        var run = await scoring.StartRunAsync("Default", "trustscore-v2.0", now);
        await scoring.CompleteRunAsync(run, _scores, 0, now);
    }

    // The earlier design (Prisma): one statement and round trip per row, for the validator, its observation and
    // each of its epoch credits.
    private async Task UpsertOneAsync(VoteAccount a, long slot, DateTimeOffset now)
    {
        await using var connection = await _baseline.OpenConnectionAsync();
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO validators (vote_account, identity, commission_bps, activated_stake, delinquent, epoch_vote_account, last_vote, root_slot, uptime, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)
            ON CONFLICT (vote_account) DO UPDATE SET identity = excluded.identity, commission_bps = excluded.commission_bps, activated_stake = excluded.activated_stake,
                delinquent = excluded.delinquent, last_vote = excluded.last_vote, root_slot = excluded.root_slot, updated_at = excluded.updated_at
            """, connection))
        {
            upsert.Parameters.AddWithValue(a.VotePubkey.ToString());
            upsert.Parameters.AddWithValue(a.NodePubkey.ToString());
            upsert.Parameters.AddWithValue((int)a.Commission.BasisPoints);
            upsert.Parameters.AddWithValue((long)a.ActivatedStake);
            upsert.Parameters.AddWithValue(a.Delinquent);
            upsert.Parameters.AddWithValue(a.EpochVoteAccount);
            upsert.Parameters.AddWithValue((long)a.LastVote);
            upsert.Parameters.AddWithValue((long)a.RootSlot);
            upsert.Parameters.AddWithValue(now);
            await upsert.ExecuteNonQueryAsync();
        }

        await using (var observation = new NpgsqlCommand("""
            INSERT INTO validator_observations (validator_id, epoch, slot, slot_index, observed_at, delinquent, activated_stake, commission_bps, last_vote)
            SELECT id, $2 / 432000, $2, $2 % 432000, $3, delinquent, activated_stake, commission_bps, last_vote FROM validators WHERE vote_account = $1
            ON CONFLICT DO NOTHING
            """, connection))
        {
            observation.Parameters.AddWithValue(a.VotePubkey.ToString());
            observation.Parameters.AddWithValue(slot);
            observation.Parameters.AddWithValue(now);
            await observation.ExecuteNonQueryAsync();
        }

        foreach (var c in CreditHistory.FromTriples(a.EpochCredits))
        {
            await using var stat = new NpgsqlCommand("""
                INSERT INTO validator_epoch_stats (validator_id, epoch, credits) SELECT id, $2, $3 FROM validators WHERE vote_account = $1
                ON CONFLICT (validator_id, epoch) DO UPDATE SET credits = GREATEST(validator_epoch_stats.credits, excluded.credits)
                """, connection);
            stat.Parameters.AddWithValue(a.VotePubkey.ToString());
            stat.Parameters.AddWithValue((long)c.Epoch);
            stat.Parameters.AddWithValue((long)c.Credits);
            await stat.ExecuteNonQueryAsync();
        }
    }

    private async Task InsertScoreAsync(TrustScoreRecord s, long run, DateTimeOffset now)
    {
        await using var command = _baseline.CreateCommand("""
            INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, flags, created_at)
            SELECT id, $2, $3, $4, 'Default', 'trustscore-v2.0', $5::json, $6::json, $7 FROM validators WHERE vote_account = $1
            """);
        command.Parameters.AddWithValue(s.VoteAccount.ToString());
        command.Parameters.AddWithValue(run);
        command.Parameters.AddWithValue((double)s.Score);
        command.Parameters.AddWithValue(s.State);
        command.Parameters.AddWithValue(System.Text.Json.JsonSerializer.Serialize(s.Breakdown.Select(l => new { l.Factor, l.Points, l.MaxPoints, l.Detail })));
        command.Parameters.AddWithValue(System.Text.Json.JsonSerializer.Serialize(s.Flags));
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync();
    }

    private static ServiceProvider Build(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSolStake().AddPostgresStorage(o => o.ConnectionString = connectionString);
        return services.BuildServiceProvider();
    }
}
