using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SolStake.Storage.Bulk;
using SolStake.Storage.Model;

namespace SolStake.Storage;

/// <summary>Integrity checks of a SolStake database (the <c>verify-db</c> verb).</summary>
public interface IStorageVerifier
{
    /// <summary>Runs every check; the report lists what is wrong (empty when the database is sound).</summary>
    Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken = default);
}

/// <summary>The result of the integrity checks.</summary>
/// <param name="Checks">Every check that ran, with the number of problems it found.</param>
public sealed record VerificationReport(IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>Whether every check passed.</summary>
    public bool IsSound => Checks.All(c => c.Problems == 0);
}

/// <summary>One integrity check.</summary>
/// <param name="Name">What it checks.</param>
/// <param name="Problems">How many problems it found.</param>
/// <param name="Examples">A few of them, readable.</param>
public sealed record VerificationCheck(string Name, int Problems, IReadOnlyList<string> Examples);

internal sealed class StorageVerifier<TContext>(Database<TContext> database, IStagingLoader staging, TimeProvider time, Microsoft.Extensions.Options.IOptions<StorageOptions> options) : IStorageVerifier
    where TContext : SolStakeDbContext
{
    private const int MaxExamples = 5;

    public async Task<VerificationReport> VerifyAsync(CancellationToken cancellationToken = default) =>
        await database.RunAsync("verifying the database", async (context, ct) =>
        {
            var c = context.Database.GetDbConnection();
            var stuckBefore = staging.Timestamp(time.GetUtcNow() - options.Value.AbandonedRunAfter);
            return new VerificationReport(
            [
                await CheckAsync(c, "trust scores whose validator or run is missing", """
                    SELECT 'trust_score ' || t.id FROM trust_scores t
                    WHERE NOT EXISTS (SELECT 1 FROM validators v WHERE v.id = t.validator_id)
                       OR NOT EXISTS (SELECT 1 FROM scoring_runs r WHERE r.id = t.scoring_run_id)
                    """, ct).ConfigureAwait(false),
                await CheckAsync(c, "observations, epoch stats or stake accounts whose validator or user is missing", """
                    SELECT 'observation ' || o.id FROM validator_observations o WHERE NOT EXISTS (SELECT 1 FROM validators v WHERE v.id = o.validator_id)
                    UNION ALL
                    SELECT 'epoch stat ' || s.validator_id || '/' || s.epoch FROM validator_epoch_stats s WHERE NOT EXISTS (SELECT 1 FROM validators v WHERE v.id = s.validator_id)
                    UNION ALL
                    SELECT 'stake account ' || a.pubkey FROM stake_accounts a
                    WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.user_id)
                       OR (a.validator_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM validators v WHERE v.id = a.validator_id))
                    """, ct).ConfigureAwait(false),
                await CheckAsync(c, "duplicate keys (vote accounts, wallets, stake accounts, scores per run)", """
                    SELECT 'vote account ' || vote_account || ' x' || COUNT(*) FROM validators GROUP BY vote_account HAVING COUNT(*) > 1
                    UNION ALL
                    SELECT 'wallet ' || wallet_pubkey || ' x' || COUNT(*) FROM users GROUP BY wallet_pubkey HAVING COUNT(*) > 1
                    UNION ALL
                    SELECT 'stake account ' || pubkey || ' x' || COUNT(*) FROM stake_accounts GROUP BY pubkey HAVING COUNT(*) > 1
                    UNION ALL
                    SELECT 'run ' || scoring_run_id || ' validator ' || validator_id || ' x' || COUNT(*) FROM trust_scores GROUP BY scoring_run_id, validator_id HAVING COUNT(*) > 1
                    """, ct).ConfigureAwait(false),
                await CheckAsync(c, "completed runs whose score count differs from their counts", """
                    SELECT 'run ' || r.id || ': success_count ' || r.success_count || ', scores ' || (SELECT COUNT(*) FROM trust_scores t WHERE t.scoring_run_id = r.id)
                    FROM scoring_runs r
                    WHERE r.status = 'completed'
                      AND (r.success_count <> (SELECT COUNT(*) FROM trust_scores t WHERE t.scoring_run_id = r.id)
                           OR r.validator_count <> r.success_count + r.fail_count)
                    """, ct).ConfigureAwait(false),
                await CheckAsync(c, "validators whose kept credit totals disagree with their epoch stats", ValidatorTotalsSql.Disagreeing, ct).ConfigureAwait(false),
                await CheckAsync(c, "validators whose kept uptime counts disagree with their observations", UptimeSql.Disagreeing, ct).ConfigureAwait(false),
                await CheckAsync(c, "runs stuck in running", """
                    SELECT 'run ' || id FROM scoring_runs WHERE status = 'running' AND run_date < @before
                    """, ct, ("before", stuckBefore)).ConfigureAwait(false),
                await CheckAsync(c, "validators without a score in the latest completed run they should be in", """
                    SELECT 'validator ' || v.vote_account FROM validators v
                    JOIN (SELECT id, run_date FROM scoring_runs WHERE status = 'completed' ORDER BY run_date DESC, id DESC LIMIT 1) latest
                      ON v.created_at < latest.run_date
                    WHERE NOT EXISTS (SELECT 1 FROM trust_scores t WHERE t.scoring_run_id = latest.id AND t.validator_id = v.id)
                    """, ct).ConfigureAwait(false),
            ]);
        }, cancellationToken).ConfigureAwait(false);

    private static async Task<VerificationCheck> CheckAsync(DbConnection connection, string name, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        var rows = await Sql.QueryAsync(connection, null, sql, r => r.GetString(0), cancellationToken, parameters).ConfigureAwait(false);
        return new VerificationCheck(name, rows.Count, [.. rows.Take(MaxExamples)]);
    }
}
