using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class EfScoringStore<TContext>(Database<TContext> database, IStagingLoader staging) : IScoringStore
    where TContext : SolStakeDbContext
{
    public async Task<ScoringData?> LoadScoringDataAsync(ScoringDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.ListedEpochs ?? 0, nameof(request));
        return await database.RunAsync("loading scoring data", async (context, ct) =>
        {
            // One snapshot for every read: the validators' kept totals and the rows listed with them must agree.
            var snapshot = await context.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
            await using var disposeSnapshot = snapshot.ConfigureAwait(false);
            var transaction = snapshot.GetDbTransaction();
            var epoch = await context.Epochs.AsNoTracking().Where(e => e.SlotsInEpoch > 0).OrderByDescending(e => e.Epoch).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (epoch is null)
            {
                return null;
            }

            // The epochs listed: the window the run asked for and the current one; the earlier ones are summarised by the
            // totals kept on each validator's row (the model reads nothing else of them).
            var listedFrom = request.ListedEpochs is { } listed ? epoch.Epoch - Math.Min(listed, epoch.Epoch) : 0;
            var connection = context.Database.GetDbConnection();
            var validators = await context.Validators.AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
            var latestUpdate = validators.Count == 0 ? DateTimeOffset.MinValue : validators.Max(v => v.UpdatedAt);

            // The listed epochs' rows, only the columns scoring reads, through a reader, in (validator, epoch) order: 14,861
            // rows on the Default profile's window, read in 13-15 ms and built in 2-7 ms, against 15-30 and 10-20 ms as
            // EF entities grouped with LINQ (benchmarks/results/history-at-scale-2026-11-29.md).
            var stats = await Sql.QueryAsync(connection, transaction, """
                SELECT validator_id, epoch, credits, leader_slots, blocks_produced, max_sampled_commission_bps, effective_commission_bps
                FROM validator_epoch_stats WHERE epoch >= @from
                """, static r => new StatRow(r.GetInt64(0), (ulong)r.GetInt64(1), (ulong)r.GetInt64(2), r.IsDBNull(3) ? null : (ulong)r.GetInt64(3),
                    r.IsDBNull(4) ? null : (ulong)r.GetInt64(4), r.IsDBNull(5) ? null : (ushort)r.GetInt32(5), r.IsDBNull(6) ? null : (ushort)r.GetInt32(6)),
                ct, ("from", listedFrom)).ConfigureAwait(false);
            stats.Sort(static (a, b) => a.Validator != b.Validator ? a.Validator.CompareTo(b.Validator) : a.Epoch.CompareTo(b.Epoch));
            var rowsByValidator = RangesByValidator(stats, static r => r.Validator);

            // Each commission change, in time order: kept as observations are stored, so this reads a few rows per
            // validator however many observations there are. All of them: the first tells which epoch rows are older.
            var changes = await Sql.QueryAsync(connection, transaction, """
                SELECT validator_id, epoch, slot_index, commission_bps FROM commission_changes ORDER BY validator_id, epoch, slot_index
                """, static r => (Validator: r.GetInt64(0), Sample: new CommissionSample((ulong)r.GetInt64(1), (ulong)r.GetInt64(2), new Commission((ushort)r.GetInt32(3)))), ct)
                .ConfigureAwait(false);
            var changesByValidator = RangesByValidator(changes, static c => c.Validator);

            Dictionary<long, UptimeObservations> uptimeByValidator = [];
            if (request.UptimeWindow is { } window)
            {
                // The window's range of observed_at, not every observation (`+`: see the uptime update in EfValidatorStore).
                var uptime = await Sql.QueryAsync(connection, transaction, """
                    SELECT +validator_id, SUM(CASE WHEN delinquent THEN 0 ELSE 1 END), COUNT(*)
                    FROM validator_observations WHERE observed_at >= @since GROUP BY +validator_id
                    """, r => (Validator: r.GetInt64(0), Voting: Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture), Total: Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture)),
                    ct, ("since", staging.Timestamp(request.Now - window))).ConfigureAwait(false);
                uptimeByValidator = uptime.ToDictionary(u => u.Validator, u => new UptimeObservations(u.Voting, u.Total));
            }

            var histories = new List<ValidatorHistory>(validators.Count);
            var allStats = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stats);
            var allChanges = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(changes);
            foreach (var v in validators)
            {
                var rows = ListedRows.Of(
                    rowsByValidator.TryGetValue(v.Id, out var own) ? allStats[own] : [],
                    changesByValidator.TryGetValue(v.Id, out var changed) ? allChanges[changed] : [],
                    (ulong)listedFrom);
                histories.Add(new ValidatorHistory
                {
                    VoteAccount = Pubkey.Parse(v.VoteAccount),
                    Identity = Pubkey.Parse(v.Identity),
                    ActivatedStake = (ulong)v.ActivatedStake,
                    Delinquent = v.Delinquent,
                    Listed = v.UpdatedAt == latestUpdate,
                    Commission = new Commission((ushort)v.CommissionBps),
                    Credits = rows.Credits,
                    // Totals kept as credits are written, less the epochs listed (never below zero: the verifier reports
                    // totals that disagree with the rows).
                    Earlier = new EarlierEpochs(
                        v.FirstCreditedEpoch < listedFrom ? (ulong)v.FirstCreditedEpoch.Value : null,
                        Math.Max(0, v.CreditedEpochs - rows.Credited)),
                    HighestCommission = v.HighestCommissionBps is { } highest ? new Commission((ushort)highest) : null,
                    BlockProduction = rows.BlockProduction,
                    EffectiveCommissions = rows.EffectiveCommissions,
                    CommissionSamples = rows.CommissionSamples,
                    Version = v.Version,
                    Info = v.InfoUpdatedAt is null ? null : new ValidatorInfo(v.Name, v.Website, v.Details, v.IconUrl),
                    Uptime = uptimeByValidator.GetValueOrDefault(v.Id),
                });
            }

            var progress = epoch.SlotsInEpoch > 0 ? Math.Clamp((double)(epoch.LastObservedSlot - epoch.FirstSlot) / epoch.SlotsInEpoch, 0, 1) : 0;
            return new ScoringData((ulong)epoch.Epoch, progress, (ulong)epoch.SlotsInEpoch, histories);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Each validator's run of rows in a list sorted by validator.
    private static Dictionary<long, Range> RangesByValidator<T>(List<T> rows, Func<T, long> validator)
    {
        var ranges = new Dictionary<long, Range>();
        for (var start = 0; start < rows.Count;)
        {
            var end = start + 1;
            while (end < rows.Count && validator(rows[end]) == validator(rows[start]))
            {
                end++;
            }

            ranges[validator(rows[start])] = start..end;
            start = end;
        }

        return ranges;
    }

    public async Task<long> StartRunAsync(string profile, string modelVersion, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(modelVersion);
        return await database.RunAsync("starting a scoring run", async (context, ct) =>
        {
            // The epoch scored is the one scoring reads as current (LoadScoringDataAsync): the latest with a known length.
            var at = staging.Timestamp(startedAt);
            var id = await Sql.ScalarAsync(context.Database.GetDbConnection(), null, """
                INSERT INTO scoring_runs (run_date, status, profile, model_version, epoch, validator_count, success_count, fail_count, created_at)
                VALUES (@at, @running, @profile, @model_version, (SELECT MAX(epoch) FROM epochs WHERE slots_in_epoch > 0), 0, 0, 0, @at)
                RETURNING id
                """, ct, ("at", at), ("running", ScoringRunStatus.Running), ("profile", profile), ("model_version", modelVersion)).ConfigureAwait(false);
            return Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteRunAsync(long runId, IReadOnlyList<TrustScoreRecord> scores, int failed, DateTimeOffset finishedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var at = staging.Timestamp(finishedAt);
        await database.TransactAsync("completing a scoring run", async (connection, transaction, ct) =>
        {
            // Scores are new rows by construction (a new run): their validator ids are resolved here and the rows
            // go straight into trust_scores, with no staging table.
            var ids = (await Sql.QueryAsync(connection, transaction, "SELECT id, vote_account FROM validators", r => (Id: r.GetInt64(0), Vote: r.GetString(1)), ct)
                .ConfigureAwait(false)).ToDictionary(x => x.Vote, x => x.Id, StringComparer.Ordinal);
            // What every score of the run shares is bound once (the JSON breakdown column is the earlier layout's, empty);
            // the profile and model version too when every score has the run's (a run scores with one profile).
            var shared = scores.Count > 0 && scores.All(x => x.Profile == scores[0].Profile && x.ModelVersion == scores[0].ModelVersion);
            StagingColumn[] columns = [new("validator_id", ColumnType.Int64), new("score", ColumnType.Double), new("state", ColumnType.Text),
                new("lines", ColumnType.Binary), new("flags", ColumnType.Json)];
            var table = shared
                ? new StagingTable("trust_scores", columns).WithConstant("profile", ColumnType.Text, scores[0].Profile).WithConstant("model_version", ColumnType.Text, scores[0].ModelVersion)
                : new StagingTable("trust_scores", [.. columns, new("profile", ColumnType.Text), new("model_version", ColumnType.Text)]);
            table.WithConstant("scoring_run_id", ColumnType.Int64, runId).WithConstant("breakdown", ColumnType.Json, "[]").WithConstant("created_at", ColumnType.Timestamp, at);
            var seen = new HashSet<long>();
            var encoder = new ScoreLineCodec.Encoder();
            foreach (var s in scores)
            {
                if (!ids.TryGetValue(s.VoteAccount.ToString(), out var validator) || !seen.Add(validator))
                {
                    continue;
                }

                object?[] row = [validator, (double)s.Score, s.State, encoder.Encode(s.Breakdown),
                    s.Flags.Count == 0 ? "[]" : JsonSerializer.Serialize(s.Flags.ToList(), StorageJsonContext.Default.ListString)];
                table.Add(shared ? row : [.. row, s.Profile, s.ModelVersion]);
            }

            var updated = await Sql.ExecuteAsync(connection, transaction, """
                UPDATE scoring_runs SET status = @completed, finished_at = @now,
                    validator_count = @validators, success_count = @inserted, fail_count = @failed
                WHERE id = @run AND status = @running
                """, ct, ("completed", ScoringRunStatus.Completed), ("now", at), ("validators", scores.Count + failed), ("inserted", table.Rows.Count),
                // A score for a vote account the store does not know (removed meanwhile), or a repeated one, counts as a failure.
                ("failed", failed + (scores.Count - table.Rows.Count)), ("run", runId), ("running", ScoringRunStatus.Running)).ConfigureAwait(false);
            if (updated != 1)
            {
                throw new StorageException($"Scoring run {runId} is not running (finished, failed or unknown); its scores were not stored.", isTransient: false);
            }

            await staging.AppendAsync(connection, transaction, table, ct).ConfigureAwait(false);
            return table.Rows.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task FailRunAsync(long runId, string error, DateTimeOffset finishedAt, CancellationToken cancellationToken = default) =>
        await database.TransactAsync("failing a scoring run", (connection, transaction, ct) => Sql.ExecuteAsync(connection, transaction, """
            UPDATE scoring_runs SET status = @failed, finished_at = @now, error = @error WHERE id = @run AND status = @running
            """, ct, ("failed", ScoringRunStatus.Failed), ("now", staging.Timestamp(finishedAt)), ("error", error.Length > 2000 ? error[..2000] : error), ("run", runId), ("running", ScoringRunStatus.Running)),
            cancellationToken).ConfigureAwait(false);

    public async Task<int> FailAbandonedRunsAsync(DateTimeOffset startedBefore, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // Looked for first, and nothing written when none is abandoned (every host's start and every job asks): on
        // PostgreSQL an UPDATE counts up the data version even when it changes no row (a statement trigger), and every
        // instance then drops its cached answers.
        var before = staging.Timestamp(startedBefore);
        var any = await database.RunAsync("looking for abandoned scoring runs", (context, ct) => Sql.ScalarAsync(context.Database.GetDbConnection(), null,
            "SELECT 1 FROM scoring_runs WHERE status = @running AND run_date < @before LIMIT 1", ct, ("running", ScoringRunStatus.Running), ("before", before)),
            cancellationToken).ConfigureAwait(false);
        if (any is null)
        {
            return 0;
        }

        return await database.TransactAsync("failing abandoned scoring runs", (connection, transaction, ct) => Sql.ExecuteAsync(connection, transaction, """
            UPDATE scoring_runs SET status = @failed, finished_at = @now, error = 'abandoned: the process running it stopped before it finished'
            WHERE status = @running AND run_date < @before
            """, ct, ("failed", ScoringRunStatus.Failed), ("now", staging.Timestamp(now)), ("running", ScoringRunStatus.Running), ("before", before)), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ScoringRunRecord>> ListRunsAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading scoring runs", async (context, ct) =>
        {
            var runs = await context.ScoringRuns.AsNoTracking().OrderByDescending(r => r.RunDate).ThenByDescending(r => r.Id).Take(limit).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<ScoringRunRecord>)runs.ConvertAll(r => new ScoringRunRecord
            {
                Id = r.Id,
                RunDate = r.RunDate,
                FinishedAt = r.FinishedAt,
                Status = r.Status,
                Profile = r.Profile,
                ValidatorCount = r.ValidatorCount,
                SuccessCount = r.SuccessCount,
                FailCount = r.FailCount,
                Error = r.Error,
            });
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<TrustScoreRecord>> LatestScoresAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading the latest scores", async (context, ct) =>
        {
            var run = await EfScoreReader<TContext>.LatestRun(context).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (run is null)
            {
                return (IReadOnlyList<TrustScoreRecord>)[];
            }

            var rows = await (from s in context.TrustScores.AsNoTracking()
                              join v in context.Validators.AsNoTracking() on s.ValidatorId equals v.Id
                              where s.ScoringRunId == run
                              orderby v.VoteAccount
                              select new { v.VoteAccount, Score = s }).ToListAsync(ct).ConfigureAwait(false);
            return rows.ConvertAll(r => ToRecord(r.VoteAccount, r.Score));
        }, cancellationToken).ConfigureAwait(false);

    internal static TrustScoreRecord ToRecord(string voteAccount, TrustScoreEntity s) =>
        // Most scores carry no flags: those share the empty list.
        CompiledRecordOf(voteAccount, s, LazyBreakdown(s.Lines, s.Breakdown), s.Flags == "[]" ? [] : LazyFlags(s.Flags));

    /// <summary>
    /// A score's record, as an expression over the validator's vote account, the row and the breakdown and flags to
    /// give it: a list that asks for neither passes empty lists, and its query reads only the other columns
    /// (<see cref="EfScoreReader{TContext}.ValidatorPageAsync"/>).
    /// </summary>
    internal static readonly System.Linq.Expressions.Expression<Func<string, TrustScoreEntity, IReadOnlyList<ScoreLine>, IReadOnlyList<string>, TrustScoreRecord>> RecordOf =
        (voteAccount, s, breakdown, flags) => new TrustScoreRecord
        {
            VoteAccount = Pubkey.Parse(voteAccount),
            Score = Math.Round((decimal)s.Score, 2),
            State = s.State,
            Profile = s.Profile,
            ModelVersion = s.ModelVersion,
            Breakdown = breakdown,
            Flags = flags,
            ScoringRunId = s.ScoringRunId,
            Id = s.Id,
            ValidatorId = s.ValidatorId,
            CreatedAt = s.CreatedAt,
        };

    private static readonly Func<string, TrustScoreEntity, IReadOnlyList<ScoreLine>, IReadOnlyList<string>, TrustScoreRecord> CompiledRecordOf = RecordOf.Compile();

    // Apart from ToRecord, so that a row without details allocates no closure.
    private static LazyJsonList<ScoreLine> LazyBreakdown(byte[]? lines, string json) => new(() => lines is not null ? ScoreLineCodec.Decode(lines)
        : (JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListScoreLineJson) ?? []).ConvertAll(l => new ScoreLine(l.Factor, l.Points, l.MaxPoints, l.Detail)));

    private static LazyJsonList<string> LazyFlags(string json) => new(() => JsonSerializer.Deserialize(json, StorageJsonContext.Default.ListString) ?? []);
}

/// <summary>A row of <c>validator_epoch_stats</c> as scoring reads it.</summary>
internal readonly record struct StatRow(long Validator, ulong Epoch, ulong Credits, ulong? LeaderSlots, ulong? BlocksProduced, ushort? MaxSampledCommissionBps, ushort? EffectiveCommissionBps);

/// <summary>One validator's listed rows and commission changes as the model's lists, built in one pass each.</summary>
internal readonly record struct ListedRows(EpochCredit[] Credits, int Credited, EpochBlockProduction[] BlockProduction, EpochCommission[] EffectiveCommissions, CommissionSample[] CommissionSamples)
{
    /// <summary>
    /// The lists of <paramref name="rows"/> (one validator's, in epoch order) and of its <paramref name="changes"/> (in
    /// time order) from <paramref name="listedFrom"/> on. Epochs before the first change (per-epoch stats with no
    /// observation kept from then) still carry their highest sampled commission, as samples at the epoch's start (for
    /// the rug gate).
    /// </summary>
    public static ListedRows Of(ReadOnlySpan<StatRow> rows, ReadOnlySpan<(long Validator, CommissionSample Sample)> changes, ulong listedFrom)
    {
        var firstSampled = changes.Length > 0 ? changes[0].Sample.Epoch : ulong.MaxValue;
        var credits = new EpochCredit[rows.Length];
        List<EpochBlockProduction>? blocks = null;
        List<EpochCommission>? effective = null;
        List<CommissionSample>? samples = null;
        var credited = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            credits[i] = new EpochCredit(row.Epoch, row.Credits);
            credited += row.Credits > 0 ? 1 : 0;
            if (row.LeaderSlots is { } slots)
            {
                (blocks ??= new(rows.Length)).Add(new EpochBlockProduction(row.Epoch, slots, row.BlocksProduced ?? 0));
            }

            if (row.EffectiveCommissionBps is { } applied)
            {
                (effective ??= new(rows.Length)).Add(new EpochCommission(row.Epoch, new Commission(applied)));
            }

            if (row.Epoch < firstSampled && row.MaxSampledCommissionBps is { } sampled)
            {
                (samples ??= []).Add(new CommissionSample(row.Epoch, 0, new Commission(sampled)));
            }
        }

        foreach (var (_, change) in changes)
        {
            if (change.Epoch >= listedFrom)
            {
                (samples ??= []).Add(change);
            }
        }

        return new ListedRows(credits, credited, blocks?.ToArray() ?? [], effective?.ToArray() ?? [], samples?.ToArray() ?? []);
    }
}
