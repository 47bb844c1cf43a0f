using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using SolStake.Core.Storage;
using SolStake.Storage.Model;

namespace SolStake.Storage;

/// <summary>
/// Batch reads for the API. Each method is one query (an IN list of ids or a join), so a nested GraphQL query
/// costs a fixed number of round trips, not one per validator.
/// </summary>
internal sealed class EfScoreReader<TContext>(Database<TContext> database) : IScoreReader
    where TContext : SolStakeDbContext
{
    public async Task<IReadOnlyList<ValidatorWithScore>> ValidatorPageAsync(ValidatorQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Offset);
        return await database.RunAsync("reading a page of validators", async (context, ct) =>
        {
            var latestRun = LatestRun(context);
            var rows = from v in context.Validators.AsNoTracking()
                       join s in context.TrustScores.AsNoTracking().Where(t => t.ScoringRunId == latestRun.FirstOrDefault())
                           on v.Id equals s.ValidatorId into scores
                       from s in scores.DefaultIfEmpty()
                       select new { Validator = v, Score = s };
            if (query.Search is { Length: > 0 } search)
            {
                var pattern = "%" + EscapeLike(search.ToLowerInvariant()) + "%";
                // Keys are base58, where case matters: their prefix is compared exactly (StartsWith becomes LIKE, which
                // SQLite compares without case).
                var length = search.Length;
                rows = rows.Where(r => (r.Validator.Name != null && EF.Functions.Like(r.Validator.Name.ToLower(), pattern, "\\"))
                    || r.Validator.VoteAccount.Substring(0, length) == search || r.Validator.Identity.Substring(0, length) == search);
            }

            if (query.VoteAccount is { } vote)
            {
                var key = vote.ToString();
                rows = rows.Where(r => r.Validator.VoteAccount == key);
            }

            if (query.Identity is { } identity)
            {
                var key = identity.ToString();
                rows = rows.Where(r => r.Validator.Identity == key);
            }

            if (query.State is { } state)
            {
                rows = rows.Where(r => r.Score != null && r.Score.State == state);
            }

            rows = query.OrderBy switch
            {
                ValidatorOrder.Score => rows.OrderByDescending(r => r.Score == null ? -1.0 : r.Score.Score).ThenBy(r => r.Validator.VoteAccount),
                ValidatorOrder.Stake => rows.OrderByDescending(r => r.Validator.ActivatedStake).ThenBy(r => r.Validator.VoteAccount),
                ValidatorOrder.Commission => rows.OrderBy(r => r.Validator.CommissionBps).ThenBy(r => r.Validator.VoteAccount),
                ValidatorOrder.Name => rows.OrderBy(r => r.Validator.Name == null).ThenBy(r => r.Validator.Name!.ToLower()).ThenBy(r => r.Validator.VoteAccount),
                _ => rows.OrderBy(r => r.Validator.VoteAccount),
            };
            rows = rows.Skip(query.Offset);
            if (query.Limit is { } limit)
            {
                rows = rows.Take(limit);
            }

            if (!query.WithScoreDetails)
            {
                return (IReadOnlyList<ValidatorWithScore>)await SelectListed(rows).ToListAsync(ct).ConfigureAwait(false);
            }

            var page = await rows.ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyList<ValidatorWithScore>)page.ConvertAll(r => new ValidatorWithScore(
                EfValidatorStore<TContext>.ToRecord(r.Validator),
                r.Score is null ? null : EfScoringStore<TContext>.ToRecord(r.Validator.VoteAccount, r.Score)));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The page's records built straight from the columns they need (<see cref="EfValidatorStore{TContext}.RecordOf"/>,
    /// <see cref="EfScoringStore{TContext}.RecordOf"/> with empty breakdown and flags): no entity and no joined row per
    /// validator in between, and no column the records do not hold.
    /// </summary>
    private static IQueryable<ValidatorWithScore> SelectListed<TRow>(IQueryable<TRow> rows)
    {
        var row = Expression.Parameter(typeof(TRow), "r");
        var validator = Expression.Property(row, "Validator");
        var score = Expression.Property(row, "Score");
        var recordOf = EfValidatorStore<TContext>.RecordOf;
        var scoreOf = EfScoringStore<TContext>.RecordOf;
        var record = ReplacingExpressionVisitor.Replace(recordOf.Parameters[0], validator, recordOf.Body);
        var summary = new ReplacingExpressionVisitor(scoreOf.Parameters,
            [Expression.Property(validator, nameof(ValidatorEntity.VoteAccount)), score, Expression.Constant(Array.Empty<ScoreLine>(), typeof(IReadOnlyList<ScoreLine>)), Expression.Constant(Array.Empty<string>(), typeof(IReadOnlyList<string>))])
            .Visit(scoreOf.Body);
        var latest = Expression.Condition(Expression.Equal(score, Expression.Constant(null, score.Type)), Expression.Constant(null, typeof(TrustScoreRecord)), summary);
        var constructor = typeof(ValidatorWithScore).GetConstructor([typeof(ValidatorRecord), typeof(TrustScoreRecord)])!;
        return rows.Select(Expression.Lambda<Func<TRow, ValidatorWithScore>>(Expression.New(constructor, record, latest), row));
    }

    // The latest completed run's id, for a score's run to be compared with as one value (`== latestRun.FirstOrDefault()`,
    // a scalar subquery run once): as `IN (subquery)` PostgreSQL planned for any number of runs and either scanned every
    // stored score or every score of each validator (25 ms of server time for the list on a history of 12 runs, in
    // auto_explain), where one run's rows are one range of the (run, validator) index.
    internal static IQueryable<long?> LatestRun(TContext context) =>
        context.ScoringRuns.Where(r => r.Status == ScoringRunStatus.Completed)
            .OrderByDescending(r => r.RunDate).ThenByDescending(r => r.Id).Select(r => (long?)r.Id).Take(1);

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    public async Task<IReadOnlyDictionary<long, TrustScoreRecord>> LatestScoresAsync(IReadOnlyCollection<long> validatorIds, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading latest scores", async (context, ct) =>
        {
            var ids = validatorIds.ToList();
            var latestRun = LatestRun(context);
            var rows = await (from s in context.TrustScores.AsNoTracking()
                              join v in context.Validators.AsNoTracking() on s.ValidatorId equals v.Id
                              where ids.Contains(s.ValidatorId) && s.ScoringRunId == latestRun.FirstOrDefault()
                              select new { v.VoteAccount, Score = s }).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyDictionary<long, TrustScoreRecord>)rows.ToDictionary(r => r.Score.ValidatorId, r => EfScoringStore<TContext>.ToRecord(r.VoteAccount, r.Score));
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<TrustScoreRecord>>> ScoreHistoryAsync(IReadOnlyCollection<long> validatorIds, int last, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validatorIds);
        ArgumentOutOfRangeException.ThrowIfNegative(last);
        return await database.RunAsync("reading score history", async (context, ct) =>
        {
            // Scores are found by run: the (run, validator) key, whose inserts append at its end, is the only index on
            // them. An index by validator put each run's 1,351 inserts at 1,351 places of it, the largest single cost of
            // storing a run (benchmarks/results/history-at-scale-2026-11-29.md). The latest `last` completed runs hold
            // the newest `last` scores of every validator scored in each of them (every run scores every validator it
            // knows); one scored fewer times there (new, or missing from runs) is looked for in the runs before them.
            var ids = validatorIds.ToList();
            // The runs' ids first, so that each query below names its runs and validators as two lists, a probe of the
            // key per pair; a run list as a subquery left PostgreSQL to guess its size, and for 20 validators it chose
            // to scan every score (22 ms against 3.6 on a scratch table of 281,000 scores).
            var runs = await context.ScoringRuns.Where(r => r.Status == ScoringRunStatus.Completed).OrderByDescending(r => r.Id).Select(r => r.Id)
                .ToListAsync(ct).ConfigureAwait(false);
            var recent = runs.Take(last).ToList();
            var rows = await ScoresOf(context, s => recent.Contains(s.ScoringRunId) && ids.Contains(s.ValidatorId)).ToListAsync(ct).ConfigureAwait(false);
            var found = rows.CountBy(r => r.Score.ValidatorId).ToDictionary(c => c.Key, c => c.Value);
            var fewer = ids.Where(id => found.GetValueOrDefault(id) < last).ToList();
            if (runs.Count > last && fewer.Count > 0)
            {
                var before = runs[last..];
                rows.AddRange(await ScoresOf(context, s => before.Contains(s.ScoringRunId) && fewer.Contains(s.ValidatorId)).ToListAsync(ct).ConfigureAwait(false));
            }

            return (IReadOnlyDictionary<long, IReadOnlyList<TrustScoreRecord>>)rows.GroupBy(r => r.Score.ValidatorId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<TrustScoreRecord>)[.. g.OrderByDescending(r => r.Score.ScoringRunId).Take(last)
                    .Select(r => EfScoringStore<TContext>.ToRecord(r.VoteAccount, r.Score))]);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static IQueryable<ScoreOf> ScoresOf(TContext context, Expression<Func<TrustScoreEntity, bool>> filter) =>
        from s in context.TrustScores.AsNoTracking().Where(filter)
        join v in context.Validators.AsNoTracking() on s.ValidatorId equals v.Id
        select new ScoreOf(v.VoteAccount, s);

    private sealed record ScoreOf(string VoteAccount, TrustScoreEntity Score);

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<(long ValidatorId, TrustScoreRecord Score)>>> ScoresOfRunsAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading scores of runs", async (context, ct) =>
        {
            var ids = runIds.ToList();
            var rows = await (from s in context.TrustScores.AsNoTracking()
                              join v in context.Validators.AsNoTracking() on s.ValidatorId equals v.Id
                              where ids.Contains(s.ScoringRunId)
                              orderby s.ScoringRunId, v.VoteAccount
                              select new { v.VoteAccount, Score = s }).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyDictionary<long, IReadOnlyList<(long, TrustScoreRecord)>>)rows.GroupBy(r => r.Score.ScoringRunId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<(long, TrustScoreRecord)>)[.. g.Select(r => (r.Score.ValidatorId, EfScoringStore<TContext>.ToRecord(r.VoteAccount, r.Score)))]);
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyDictionary<long, IReadOnlyList<EpochPerformance>>> EpochPerformanceAsync(IReadOnlyCollection<long> validatorIds, int last, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading epoch performance", async (context, ct) =>
        {
            var ids = validatorIds.ToList();
            var rows = await context.EpochStats.AsNoTracking().Where(s => ids.Contains(s.ValidatorId))
                .OrderBy(s => s.ValidatorId).ThenByDescending(s => s.Epoch).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyDictionary<long, IReadOnlyList<EpochPerformance>>)rows.GroupBy(s => s.ValidatorId).ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<EpochPerformance>)[.. g.Take(last).Select(s => new EpochPerformance(
                    (ulong)s.Epoch, (ulong)s.Credits, (ulong?)s.LeaderSlots, (ulong?)s.BlocksProduced,
                    s.MaxSampledCommissionBps is { } max ? new Core.Domain.Commission((ushort)max) : null,
                    s.EffectiveCommissionBps is { } eff ? new Core.Domain.Commission((ushort)eff) : null,
                    (ulong?)s.ActivatedStake))]);
        }, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyDictionary<long, ValidatorRecord>> ValidatorsByIdAsync(IReadOnlyCollection<long> validatorIds, CancellationToken cancellationToken = default) =>
        await database.RunAsync("reading validators", async (context, ct) =>
        {
            var ids = validatorIds.ToList();
            var rows = await context.Validators.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(ct).ConfigureAwait(false);
            return (IReadOnlyDictionary<long, ValidatorRecord>)rows.ToDictionary(v => v.Id, EfValidatorStore<TContext>.ToRecord);
        }, cancellationToken).ConfigureAwait(false);

}
