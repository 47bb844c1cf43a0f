using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion.Rpc;
using SolStake.Ingestion.Rpc.Json;
using SolStake.Scoring;
using SolStake.Storage;
using SolStake.Testing;

namespace SolStake.Benchmarks.Load;

/// <summary>
/// A year of history, and what it costs. Fills a database through the product's own stores with production-like
/// history: a sync cycle and a scoring run every 6 hours (8 per 2-day epoch) for the validators of the epoch-752
/// recording (or more, cloned from them with new keys), with per-epoch credits, block production and rewards,
/// commission changes and delinquency; the scores are the real model's on that history. Then it measures, on the
/// filled database and on one with an empty history (the same validators, one cycle): the database size, the time to
/// persist one more cycle, uncached API reads through the HTTP endpoint, and housekeeping; and once more after
/// housekeeping has thinned the history (<c>--full-resolution</c>). Benchmark tooling: nothing here is a product path.
/// Run: <c>dotnet run -c Release --project benchmarks/SolStake.Benchmarks -- history --provider postgres|sqlite
/// [--validators 1351] [--runs 1460] [--window-runs 120 (at most half of --runs by default)] [--full-resolution 30.00:00:00] [--reads 25] [--warmup 00:00:03] [--output file.md]</c>.
/// </summary>
internal static class HistoryRun
{
    private const int CyclesPerEpoch = 8;
    private const ulong SlotsPerEpoch = 432_000;
    private static readonly TimeSpan Cycle = TimeSpan.FromHours(6);

    private static readonly (string Name, string Query)[] Reads =
    [
        ("seed-shaped list", ApiLoadRun.SeedQuery),
        ("top-20 page", "{ validators(orderBy: SCORE, limit: 20) { voteAccount name commission activatedStake latestTrustScore { score state flags breakdown { factor points maxPoints detail } } } }"),
        ("validator: scoreHistory(last: 120), epochPerformance(last: 64), commissionHistory",
            "query($v: String) { validator(voteAccount: $v) { voteAccount scoreHistory(last: 120) { score state createdAt breakdown { factor points detail } flags } epochPerformance(last: 64) { epoch credits leaderSlots blocksProduced skipRate maxCommissionBps } commissionHistory { epoch commissionBps } } }"),
        ("validator: scoreHistory(last: 120) alone", "query($v: String) { validator(voteAccount: $v) { scoreHistory(last: 120) { score state createdAt breakdown { factor points detail } flags } } }"),
        ("validator: scoreHistory(last: 120) { score createdAt }", "query($v: String) { validator(voteAccount: $v) { scoreHistory(last: 120) { score createdAt } } }"),
        ("validator: epochPerformance(last: 64) and commissionHistory alone", "query($v: String) { validator(voteAccount: $v) { epochPerformance(last: 64) { epoch credits leaderSlots blocksProduced skipRate maxCommissionBps } commissionHistory { epoch commissionBps } } }"),
        ("rankings(profile: Default, limit: 50)", "{ rankings(profile: \"Default\", limit: 50) { rank score state validator { voteAccount } } }"),
        ("rankings(profile: JitoCompatible, limit: 50), a 30-epoch window", "{ rankings(profile: \"JitoCompatible\", limit: 50) { rank score state validator { voteAccount } } }"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = ApiLoadRun.Option(args, "--provider") ?? "sqlite";
        var validators = int.Parse(ApiLoadRun.Option(args, "--validators") ?? "1351", CultureInfo.InvariantCulture);
        var runs = int.Parse(ApiLoadRun.Option(args, "--runs") ?? "1460", CultureInfo.InvariantCulture);
        var reads = int.Parse(ApiLoadRun.Option(args, "--reads") ?? "25", CultureInfo.InvariantCulture);
        var warmup = TimeSpan.Parse(ApiLoadRun.Option(args, "--warmup") ?? "00:00:03", CultureInfo.InvariantCulture);
        var fullResolution = TimeSpan.Parse(ApiLoadRun.Option(args, "--full-resolution") ?? "30.00:00:00", CultureInfo.InvariantCulture);
        var output = ApiLoadRun.Option(args, "--output");
        // A history as long as the reads look back (30 days: every run at full resolution, the Default profile's window;
        // half of --runs when that is shorter): what the year adds to it is what grows with history.
        var windowRuns = ApiLoadRun.Option(args, "--window-runs") is { } asked ? int.Parse(asked, CultureInfo.InvariantCulture) : Math.Clamp(runs / 2, 1, 120);
        if (windowRuns < 1 || windowRuns >= runs)
        {
            throw new ArgumentException($"--window-runs is 1 to {runs - 1} (fewer than --runs); got {windowRuns}");
        }

        var cluster = await SyntheticCluster.CreateAsync(validators);
        // The seed-shaped list of 10,000 validators costs more than an anonymous caller may ask for (a client pages);
        // the benchmark measures the read, so its hosts allow it.
        Environment.SetEnvironmentVariable("SolStake__GraphQL__MaxComplexity", "10000000");
        await using var target = await Target.CreateAsync(provider);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# History at scale: {runs:N0} cycles × {cluster.Count:N0} validators on {target.Name}");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, .NET {Environment.Version}; one sync cycle and one scoring run every 6 hours; reads: {reads} sequential uncached requests each, timed after every read was warmed up for {warmup.TotalSeconds:0.#} s, through HTTP on loopback.");
        report.AppendLine();

        var now = DateTimeOffset.UtcNow;
        var start = now - (Cycle * runs);

        // The empty history is measured last, on a machine as warm as for the others (measured first, its numbers
        // carried the start-up of the machine's caches and of the runtime).
        var emptyDb = await target.CreateDatabaseAsync("empty");
        await using var emptyHost = await StartAsync(target, emptyDb);
        var emptyFiller = new Filler(emptyHost.Services, cluster.Clone(), now - Cycle);
        await emptyFiller.CycleAsync();

        var windowDb = await target.CreateDatabaseAsync("window");
        await using var windowHost = await StartAsync(target, windowDb);
        var windowFiller = new Filler(windowHost.Services, cluster.Clone(), now - (Cycle * windowRuns));
        for (var i = 0; i < windowRuns; i++)
        {
            await windowFiller.CycleAsync();
        }

        var yearDb = await target.CreateDatabaseAsync("year");
        Measured full, thinned;
        var fill = Stopwatch.StartNew();
        await using (var host = await StartAsync(target, yearDb))
        {
            // Every run kept until the thinning below (the measurement's housekeeping included).
            var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
            options.ScoreHistoryFullResolution = null;
            var filler = new Filler(host.Services, cluster, start);
            var perCycle = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var began = Stopwatch.GetTimestamp();
                await filler.CycleAsync();
                perCycle.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                if ((i + 1) % 100 == 0)
                {
                    Console.WriteLine(FormattableString.Invariant($"{i + 1}/{runs} cycles, last 100: {perCycle[^100..].Average():0} ms each"));
                }
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"Filled in {fill.Elapsed.TotalMinutes:0.0} min through the stores (sync writes, block production and rewards once per epoch, scoring in memory, the run stored): {perCycle.Take(50).Average():0} ms per cycle over the first 50, {perCycle.TakeLast(50).Average():0} ms over the last 50.");
            report.AppendLine();
            var span = runs % 1460 == 0 ? $"{runs / 1460} year{(runs == 1460 ? "" : "s")}" : FormattableString.Invariant($"{runs / 4.0:0.##} days");
            full = await MeasureAsync($"{span}, every run kept", target, yearDb, host, filler, reads, warmup, now);

            var housekeeping = host.Services.GetRequiredService<IStorageHousekeeping>();
            options.ScoreHistoryFullResolution = fullResolution;
            var thin = Stopwatch.StartNew();
            var pruned = await housekeeping.PruneAsync(filler.Now);
            var thinMs = thin.Elapsed.TotalMilliseconds;
            await target.CompactAsync(yearDb);
            thinned = await MeasureAsync($"{span}, thinned beyond {fullResolution.TotalDays:0} days", target, yearDb, host, filler, reads, warmup, now);
            thinned = thinned with { Housekeeping = thinMs, Note = $"first housekeeping after the fill: {pruned.ThinnedScoringRuns:N0} runs thinned (with their scores), {pruned.Observations:N0} observations pruned, {thinMs / 1000:0.0} s; the database compacted after it ({target.CompactNote})" };
        }

        var window = await MeasureAsync(FormattableString.Invariant($"{windowRuns / 4.0:0.##} days ({windowRuns} cycles)"), target, windowDb, windowHost, windowFiller, reads, warmup, now);
        var empty = await MeasureAsync("empty history (1 cycle)", target, emptyDb, emptyHost, emptyFiller, reads, warmup, now);
        Report(report, [empty, window, full, thinned]);
        await ApiLoadRun.PublishAsync(report.ToString(), output);
        return 0;
    }

    private static Task<WebApplication> StartAsync(Target target, string database) =>
        ApiLoadRun.StartAsync(s => target.AddStorage(s, database), cache: false, rpcUrl: null);

    // Cycles persisted (and floors measured) per database: a median of 5 moved by 10 ms and more between runs on this machine.
    private const int MeasuredCycles = 15;

    private static async Task<Measured> MeasureAsync(string label, Target target, string database, WebApplication host, Filler filler, int reads, TimeSpan warmup, DateTimeOffset now)
    {
        await target.SettleAsync(database);
        var sizes = await target.SizesAsync(database);

        // One more cycle, MeasuredCycles times: the sync's writes and the scoring run's, timed apart (the model's own work is not storage).
        var observation = new List<double>();
        var scores = new List<double>();
        for (var i = 0; i < MeasuredCycles; i++)
        {
            var (o, s) = await filler.CycleAsync();
            observation.Add(o);
            scores.Add(s);
        }

        using var client = new HttpClient();
        var url = ApiLoadRun.Address(host) + "graphql";
        var latencies = new List<(string Name, double P50, double P95)>();
        var bodies = Reads.Select(r => (r.Name, Body: JsonSerializer.SerializeToUtf8Bytes(new { query = r.Query, variables = new { v = filler.Busiest } }))).ToList();
        // Every read warmed up (3 s each by default) before any is timed: warmed and timed one read after the other, the
        // first read of the first database measured (the seed list) took 21.5-27.0 ms in runs where it took 10-14 on
        // the others, whichever database was measured first (the 30 days when measured first: 25.6 ms, the year 10.2):
        // the process's first reads, not the database's.
        foreach (var (_, body) in bodies)
        {
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < warmup)
            {
                await PostAsync(client, url, body);
            }
        }

        foreach (var (name, body) in bodies)
        {
            var times = new List<double>();
            for (var i = 0; i < reads; i++)
            {
                var began = Stopwatch.GetTimestamp();
                await PostAsync(client, url, body);
                times.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }

            times.Sort();
            latencies.Add((name, times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]));
        }

        var floor = new List<double>();
        for (var i = 0; i < MeasuredCycles; i++)
        {
            floor.Add(await target.RowsAloneAsync(database));
        }

        var housekeeping = Stopwatch.StartNew();
        await host.Services.GetRequiredService<IStorageHousekeeping>().PruneAsync(now);
        return new Measured(label, sizes, Median(observation), Median(scores), Median(floor), latencies, housekeeping.Elapsed.TotalMilliseconds, null);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    // The load program's request (anything but 200 throws); an answer with errors is a failure here too.
    private static async Task PostAsync(HttpClient client, string url, byte[] body)
    {
        var answer = await ApiLoadRun.PostAsync(client, url, body);
        if (answer.AsSpan().IndexOf("\"errors\""u8) >= 0)
        {
            throw new InvalidOperationException($"{url} answered with errors: {Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, 500)))}");
        }
    }

    private static void Report(StringBuilder text, Measured[] all)
    {
        var tables = all.SelectMany(m => m.Sizes.Keys).Distinct().Where(t => t != Target.Total).OrderByDescending(t => all.Max(m => m.Sizes.GetValueOrDefault(t))).ToList();
        text.AppendLine("## Size (MB)");
        text.AppendLine();
        text.AppendLine("| table (with its indexes) | " + string.Join(" | ", all.Select(m => m.Label)) + " |");
        text.AppendLine("|---|" + string.Concat(all.Select(_ => "---:|")));
        foreach (var table in tables.Prepend(Target.Total))
        {
            text.AppendLine($"| {table} | " + string.Join(" | ", all.Select(m => Mb(m.Sizes.GetValueOrDefault(table)))) + " |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Time (ms, median; one more cycle {MeasuredCycles} times, each read as said above)");
        text.AppendLine();
        text.AppendLine("| | " + string.Join(" | ", all.Select(m => m.Label)) + " |");
        text.AppendLine("|---|" + string.Concat(all.Select(_ => "---:|")));
        text.AppendLine("| persist one more cycle: sync writes (observation, validators, epoch stats) | " + string.Join(" | ", all.Select(m => Ms(m.PersistObservation))) + " |");
        text.AppendLine("| persist one more cycle: scoring run and its scores | " + string.Join(" | ", all.Select(m => Ms(m.PersistScores))) + " |");
        text.AppendLine("| **persist one more cycle, both** | " + string.Join(" | ", all.Select(m => "**" + Ms(m.PersistObservation + m.PersistScores) + "**")) + " |");
        text.AppendLine("| the cycle's rows written inside the database alone (one batch; rolled back) | " + string.Join(" | ", all.Select(m => Ms(m.RowsAlone))) + " |");
        for (var i = 0; i < all[0].Reads.Count; i++)
        {
            text.AppendLine($"| read, p50 (p95): {all[0].Reads[i].Name} | " + string.Join(" | ", all.Select(m => $"{Ms(m.Reads[i].P50)} ({Ms(m.Reads[i].P95)})")) + " |");
        }

        text.AppendLine("| housekeeping (prune) | " + string.Join(" | ", all.Select(m => Ms(m.Housekeeping))) + " |");
        text.AppendLine();
        text.AppendLine("Persisting a cycle against its rows written inside the database alone, same run: " +
            string.Join(", ", all.Select(m => FormattableString.Invariant($"{m.Label} {(m.PersistObservation + m.PersistScores) / m.RowsAlone:0.00}×"))) + ".");
        text.AppendLine();
        text.AppendLine($"Ratios to the {all[0].Label}, same run: " + string.Join("; ", all.Skip(1).Select(m => Ratios(m, all[0]))) + ".");
        text.AppendLine();
        text.AppendLine($"Ratios to {all[1].Label}, same run: " + string.Join("; ", all.Skip(2).Select(m => Ratios(m, all[1]))) + ".");
        foreach (var m in all.Where(m => m.Note is not null))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{m.Label}: {m.Note}.");
        }

        static string Ratios(Measured m, Measured to) =>
            $"{m.Label}: size {m.Sizes[Target.Total] / (double)to.Sizes[Target.Total]:0.0}×, persist {(m.PersistObservation + m.PersistScores) / (to.PersistObservation + to.PersistScores):0.00}×, rows alone {m.RowsAlone / to.RowsAlone:0.00}×, reads " +
            string.Join(", ", m.Reads.Select((r, i) => (r.P50 / to.Reads[i].P50).ToString("0.00", CultureInfo.InvariantCulture) + "×"));

        static string Mb(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);
        static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
    }

    private sealed record Measured(string Label, IReadOnlyDictionary<string, long> Sizes, double PersistObservation, double PersistScores, double RowsAlone,
        IReadOnlyList<(string Name, double P50, double P95)> Reads, double Housekeeping, string? Note);

    /// <summary>Where the history goes: a PostgreSQL server on loopback (one database per measurement) or SQLite files.</summary>
    private sealed class Target : IAsyncDisposable
    {
        public const string Total = "whole database";
        private readonly PostgresServer? _postgres;
        private readonly List<string> _files = [];

        private Target(PostgresServer? postgres) => _postgres = postgres;

        public string Name => _postgres is null ? "SQLite" : "PostgreSQL 15";

        public string CompactNote => _postgres is null ? "VACUUM" : "VACUUM FULL: the size of what is kept; a running service thinning every cycle stays near it, as each cycle's inserts reuse the space the last thinning freed";

        public static async Task<Target> CreateAsync(string provider) => provider switch
        {
            "postgres" => new Target(await PostgresServer.StartAsync()),
            "sqlite" => new Target(null),
            _ => throw new ArgumentException($"--provider is postgres or sqlite, not '{provider}'"),
        };

        public async Task<string> CreateDatabaseAsync(string name)
        {
            if (_postgres is not null)
            {
                return await _postgres.CreateDatabaseAsync("history_" + name);
            }

            var file = Path.Combine(Path.GetTempPath(), $"solstake-history-{name}-{Guid.NewGuid():N}.db");
            _files.Add(file);
            return file;
        }

        public void AddStorage(ISolStakeBuilder builder, string database)
        {
            if (_postgres is null)
            {
                builder.AddSqliteStorage(o => { o.ConnectionString = $"Data Source={database}"; o.MigrateOnStart = true; });
            }
            else
            {
                builder.AddPostgresStorage(o => { o.ConnectionString = database; o.MigrateOnStart = true; });
            }
        }

        public async Task CompactAsync(string database)
        {
            if (_postgres is not null)
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync();
                await using var vacuum = new NpgsqlCommand("VACUUM (FULL, ANALYZE)", connection) { CommandTimeout = 0 };
                await vacuum.ExecuteNonQueryAsync();
                return;
            }

            await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}");
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = "VACUUM";
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }

        /// <summary>
        /// Leaves the process and the database as a running service's would be between cycles: the fill's garbage
        /// collected, and on PostgreSQL what autovacuum does after bulk writes (hint bits and the visibility map set,
        /// statistics taken).
        /// </summary>
        public async Task SettleAsync(string database)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            if (_postgres is null)
            {
                return;
            }

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }

        /// <summary>
        /// The floor under persisting a cycle: the rows a cycle stores (an observation per validator, every validator
        /// updated, the running epoch's stats, a run and a score per validator, copied from the latest run), written by
        /// the database from rows it already holds, in one batch of statements and one round trip: no data from the
        /// client, no staging, none of the store's bookkeeping. Rolled back, so that the database stays as it was.
        /// </summary>
        public async Task<double> RowsAloneAsync(string database)
        {
            System.Data.Common.DbConnection connection = _postgres is null
                ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}")
                : new NpgsqlConnection(database);
            await using (connection)
            {
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO validator_observations (validator_id, epoch, slot, slot_index, observed_at, delinquent, activated_stake, commission_bps, last_vote)
                    SELECT id, (SELECT MAX(epoch) FROM epochs), (SELECT MAX(last_observed_slot) FROM epochs) + 1, 0, updated_at, delinquent, activated_stake, commission_bps, last_vote
                    FROM validators;
                    UPDATE validators SET last_vote = last_vote + 1, root_slot = root_slot + 1, updated_at = updated_at;
                    UPDATE validator_epoch_stats SET credits = credits + 1 WHERE epoch = (SELECT MAX(epoch) FROM epochs WHERE slots_in_epoch > 0);
                    INSERT INTO scoring_runs (run_date, status, profile, model_version, epoch, validator_count, success_count, fail_count, created_at)
                    SELECT run_date, 'running', profile, model_version, epoch, 0, 0, 0, created_at FROM scoring_runs
                    WHERE id = (SELECT MAX(id) FROM scoring_runs WHERE status = 'completed');
                    INSERT INTO trust_scores (validator_id, scoring_run_id, score, state, profile, model_version, breakdown, lines, flags, created_at)
                    SELECT validator_id, (SELECT MAX(id) FROM scoring_runs), score, state, profile, model_version, breakdown, lines, flags, created_at FROM trust_scores
                    WHERE scoring_run_id = (SELECT MAX(id) FROM scoring_runs WHERE status = 'completed');
                    """;
                var began = Stopwatch.GetTimestamp();
                await command.ExecuteNonQueryAsync();
                var elapsed = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                await transaction.RollbackAsync();
                return elapsed;
            }
        }

        public async Task<IReadOnlyDictionary<string, long>> SizesAsync(string database)
        {
            var sizes = new Dictionary<string, long>();
            if (_postgres is not null)
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync();
                await using (var analyze = new NpgsqlCommand("ANALYZE", connection))
                {
                    await analyze.ExecuteNonQueryAsync();
                }

                await using var command = new NpgsqlCommand("""
                    SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                    UNION ALL SELECT 'partitions of ' || p.relname, SUM(pg_total_relation_size(c.oid))::bigint FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent GROUP BY p.relname
                    UNION ALL SELECT 'whole database', pg_database_size(current_database())
                    """, connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    sizes[reader.GetString(0)] = sizes.GetValueOrDefault(reader.GetString(0)) + reader.GetInt64(1);
                }

                return sizes;
            }

            await using (var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
            {
                await sqlite.OpenAsync();
                await using var checkpoint = sqlite.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync();
                // The bundled SQLite has no dbstat table, so only the file's size is known (after the WAL is folded in).
            }

            sizes[Total] = new FileInfo(database).Length;
            return sizes;
        }

        public async ValueTask DisposeAsync()
        {
            if (_postgres is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await _postgres.DisposeAsync();
            }

            foreach (var file in _files)
            {
                ApiLoadRun.DeleteDatabase(file);
            }
        }
    }

    /// <summary>Writes cycles of synthetic history through the product's stores, advancing the synthetic clock 6 hours each.</summary>
    private sealed class Filler(IServiceProvider services, SyntheticCluster cluster, DateTimeOffset start)
    {
        private readonly IValidatorStore _validators = services.GetRequiredService<IValidatorStore>();
        private readonly IScoringStore _scoring = services.GetRequiredService<IScoringStore>();
        private int _cycle;

        public DateTimeOffset Now => start + (Cycle * _cycle);

        /// <summary>The validator with the most stake (its page is the validator read).</summary>
        public string Busiest { get; } = cluster.Busiest.ToString();

        /// <summary>Stores the next cycle; returns the milliseconds of the sync's writes and of the scoring run's.</summary>
        public async Task<(double Observation, double Scores)> CycleAsync()
        {
            var at = Now;
            var epoch = cluster.FirstEpoch + (ulong)(_cycle / CyclesPerEpoch);
            var indexInEpoch = (ulong)(_cycle % CyclesPerEpoch);
            if (indexInEpoch == 0 && _cycle > 0)
            {
                // The epoch just ended: its block production and rewards, as the sync fetches them once per epoch.
                await _validators.RecordBlockProductionAsync(epoch - 1, cluster.BlockProduction(epoch - 1), at);
                await _validators.RecordInflationRewardsAsync(epoch - 1, cluster.Rewards(epoch - 1), at);
            }

            var slotIndex = (indexInEpoch * SlotsPerEpoch / CyclesPerEpoch) + 1_000;
            var accounts = cluster.Advance(epoch, (double)(indexInEpoch + 1) / CyclesPerEpoch);
            var began = Stopwatch.GetTimestamp();
            await _validators.RecordObservationAsync(new ClusterObservation
            {
                ObservedAt = at, Epoch = epoch, Slot = (epoch * SlotsPerEpoch) + slotIndex, SlotIndex = slotIndex, SlotsInEpoch = SlotsPerEpoch, VoteAccounts = accounts,
            });
            var observation = Stopwatch.GetElapsedTime(began).TotalMilliseconds;

            var scores = TrustScorer.Score(cluster.ScoringInput(epoch, (double)slotIndex / SlotsPerEpoch), ScoringProfile.Default);
            var records = scores.Scores.Select(ScoringRunner.ToRecord).ToList();
            began = Stopwatch.GetTimestamp();
            var run = await _scoring.StartRunAsync(ScoringProfile.Default.Name, ScoringProfile.Default.ModelVersion, at);
            await _scoring.CompleteRunAsync(run, records, 0, at);
            var stored = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
            _cycle++;
            return (observation, stored);
        }
    }

    /// <summary>
    /// A cluster that lives a year: every validator of the recording (and clones with new keys when more are asked
    /// for) with its stake, commission, identity and typical credits; per epoch a little noise on credits, a few
    /// commission changes and delinquencies, leader slots by stake with a per-validator skip rate.
    /// </summary>
    private sealed class SyntheticCluster
    {
        private readonly Validator[] _validators;
        private readonly Random _random;

        private SyntheticCluster(Validator[] validators, ulong firstEpoch, int seed)
        {
            _validators = validators;
            FirstEpoch = firstEpoch;
            _random = new Random(seed);
        }

        public ulong FirstEpoch { get; }

        public int Count => _validators.Length;

        public Pubkey Busiest => _validators.MaxBy(v => v.Stake)!.Vote;

        public static async Task<SyntheticCluster> CreateAsync(int count)
        {
            VoteAccount[] recorded;
            await using (var stream = File.OpenRead(Fixtures.Path(RecordedCluster.Epoch752)))
            {
                recorded = [.. (await SolanaRpcClient.ReadResultAsync("getVoteAccounts", stream, SolanaJsonContext.Default.RpcResponseVoteAccounts, CancellationToken.None)).All()];
            }

            // Duplicates in the recording (a vote account listed twice) count once.
            recorded = [.. recorded.DistinctBy(a => a.VotePubkey)];
            var random = new Random(752);
            var validators = new Validator[count];
            for (var i = 0; i < count; i++)
            {
                var a = recorded[i % recorded.Length];
                var clone = i >= recorded.Length;
                var typical = a.EpochCredits.Count > 1 ? a.EpochCredits[^2].Earned : 0;
                validators[i] = new Validator
                {
                    Vote = clone ? NewKey(random) : a.VotePubkey,
                    Identity = clone ? NewKey(random) : a.NodePubkey,
                    Stake = a.ActivatedStake,
                    Commission = a.Commission,
                    TypicalCredits = typical == 0 && !a.Delinquent ? 6_500_000 : typical,
                    SkipRate = random.NextDouble() < 0.9 ? random.NextDouble() * 0.05 : random.NextDouble() * 0.4,
                    Delinquent = a.Delinquent,
                    Version = random.NextDouble() < 0.7 ? "2.2.16" : random.NextDouble() < 0.5 ? "2.1.21" : "0.714.30004",
                };
            }

            return new SyntheticCluster(validators, 753, 752);
        }

        public SyntheticCluster Clone() => new([.. _validators.Select(v => v with { Credits = [.. v.Credits], Samples = [.. v.Samples], Blocks = [.. v.Blocks] })], FirstEpoch, 752);

        /// <summary>Moves every validator to <paramref name="progress"/> of <paramref name="epoch"/>; returns the vote accounts as RPC would list them.</summary>
        public VoteAccount[] Advance(ulong epoch, double progress)
        {
            var accounts = new VoteAccount[_validators.Length];
            for (var i = 0; i < _validators.Length; i++)
            {
                var v = _validators[i];
                if (v.Credits.Count == 0 || v.Credits[^1].Epoch != epoch)
                {
                    // A new epoch: a few validators change commission (1 in 300 an epoch), a few go delinquent or come back.
                    if (_random.NextDouble() < 1.0 / 300)
                    {
                        var next = new Commission((ushort)(_random.Next(0, 4) switch { 0 => 0, 1 => 500, 2 => 700, _ => 1000 }));
                        v.Samples.Add(new CommissionSample(epoch, 0, next));
                        v.Commission = next;
                    }

                    if (_random.NextDouble() < 0.01)
                    {
                        v.Delinquent = !v.Delinquent;
                    }

                    var earned = v.Delinquent ? 0 : (ulong)(v.TypicalCredits * (0.97 + (_random.NextDouble() * 0.03)));
                    v.Credits.Add(new EpochCredit(epoch, earned));
                    if (v.Credits.Count > 20)
                    {
                        v.Credits.RemoveAt(0);
                    }
                }

                var total = v.Credits.Take(v.Credits.Count - 1).Aggregate(0UL, (sum, c) => sum + c.Credits);
                var current = (ulong)(v.Credits[^1].Credits * progress);
                var list = new List<EpochCredits>(3);
                var running = total;
                foreach (var c in v.Credits.Skip(Math.Max(0, v.Credits.Count - 3)).SkipLast(1))
                {
                    list.Add(new EpochCredits(c.Epoch, running + c.Credits, running));
                    running += c.Credits;
                }

                list.Add(new EpochCredits(epoch, running + current, running));
                accounts[i] = new VoteAccount
                {
                    VotePubkey = v.Vote, NodePubkey = v.Identity, ActivatedStake = v.Stake, Commission = v.Commission, EpochVoteAccount = !v.Delinquent,
                    LastVote = v.Delinquent ? (epoch * SlotsPerEpoch) - 5_000 : (epoch * SlotsPerEpoch) + (ulong)(progress * SlotsPerEpoch),
                    RootSlot = (epoch * SlotsPerEpoch) + (ulong)(progress * SlotsPerEpoch) - 32, Delinquent = v.Delinquent, EpochCredits = list,
                };
            }

            return accounts;
        }

        public BlockProduction BlockProduction(ulong epoch)
        {
            var totalStake = (double)_validators.Sum(v => (decimal)v.Stake);
            var byIdentity = new Dictionary<Pubkey, LeaderSlots>();
            foreach (var v in _validators)
            {
                var slots = (ulong)Math.Round(SlotsPerEpoch * (v.Stake / totalStake) / 4) * 4;
                if (slots > 0 && !byIdentity.ContainsKey(v.Identity))
                {
                    var produced = (ulong)(slots * (1 - v.SkipRate));
                    byIdentity[v.Identity] = new LeaderSlots(slots, produced);
                    v.Blocks.Add(new EpochBlockProduction(epoch, slots, produced));
                }
            }

            return new BlockProduction(epoch * SlotsPerEpoch, ((epoch + 1) * SlotsPerEpoch) - 1, byIdentity);
        }

        public List<KeyValuePair<Pubkey, InflationReward>> Rewards(ulong epoch) =>
            [.. _validators.Where(v => !v.Delinquent).Select(v => KeyValuePair.Create(v.Vote, new InflationReward
            {
                Epoch = epoch, EffectiveSlot = ((epoch + 1) * SlotsPerEpoch) + 10, Amount = v.Stake / 2_000 * v.Commission.BasisPoints / 10_000,
                PostBalance = 1_000_000_000, Commission = v.Commission,
            }))];

        public ScoringInput ScoringInput(ulong epoch, double progress) => new()
        {
            CurrentEpoch = epoch,
            EpochProgress = progress,
            Validators = [.. _validators.Select(v => new ValidatorHistory
            {
                VoteAccount = v.Vote, Identity = v.Identity, ActivatedStake = v.Stake, Delinquent = v.Delinquent, Commission = v.Commission,
                Credits = v.Credits, BlockProduction = v.Blocks.Count > 12 ? v.Blocks[^12..] : v.Blocks, CommissionSamples = v.Samples, Version = v.Version,
                Uptime = new UptimeObservations(v.Delinquent ? 100 : 118, 120),
            })],
        };

        private static Pubkey NewKey(Random random)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            return new Pubkey(bytes);
        }

        private sealed record Validator
        {
            public required Pubkey Vote { get; init; }

            public required Pubkey Identity { get; init; }

            public required ulong Stake { get; init; }

            public required Commission Commission { get; set; }

            public required ulong TypicalCredits { get; init; }

            public required double SkipRate { get; init; }

            public required bool Delinquent { get; set; }

            public required string Version { get; init; }

            public List<EpochCredit> Credits { get; init; } = [];

            public List<CommissionSample> Samples { get; init; } = [];

            public List<EpochBlockProduction> Blocks { get; init; } = [];
        }
    }
}
