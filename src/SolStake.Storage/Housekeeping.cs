using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class Housekeeping<TContext>(Database<TContext> database, IStagingLoader staging, IOptions<StorageOptions> options) : IStorageHousekeeping
    where TContext : SolStakeDbContext
{
    public async Task<PruneReport> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        return await database.RunAsync("pruning old data", async (context, ct) =>
        {
            var c = context.Database.GetDbConnection();
            var observations = await DeleteObservationsAsync(c, staging.Timestamp(now - o.ObservationRetention), ct).ConfigureAwait(false);
            var audit = await Sql.ExecuteAsync(c, null, "DELETE FROM audit_logs WHERE created_at < @before", ct,
                ("before", staging.Timestamp(now - o.AuditLogRetention))).ConfigureAwait(false);
            // A running execution is never pruned: it is live, or abandoned and waiting for recovery to say so.
            var jobRuns = await Sql.ExecuteAsync(c, null,
                "DELETE FROM job_runs WHERE (status = 'succeeded' AND started_at < @completedBefore) OR (status IN ('failed', 'abandoned') AND started_at < @failedBefore)", ct,
                ("completedBefore", staging.Timestamp(now - o.CompletedJobRunRetention)),
                ("failedBefore", staging.Timestamp(now - o.FailedJobRunRetention))).ConfigureAwait(false);
            var runs = 0;
            if (o.ScoringRunRetention is { } keep)
            {
                // A running run is never pruned.
                runs = await DeleteRunsAsync(c, "SELECT id FROM scoring_runs WHERE run_date < @before AND status <> 'running'",
                    ("before", staging.Timestamp(now - keep)), ct).ConfigureAwait(false);
            }

            var thinned = 0;
            if (o.ScoreHistoryFullResolution is { } full)
            {
                // Beyond the full-resolution age, a completed run goes when a later completed run of the same epoch and
                // profile exists: the epoch's last run stays, so every epoch keeps one score per validator.
                thinned = await DeleteRunsAsync(c, """
                    SELECT r.id FROM scoring_runs r
                    WHERE r.run_date < @before AND r.status = 'completed' AND r.epoch IS NOT NULL
                      AND EXISTS (SELECT 1 FROM scoring_runs l WHERE l.epoch = r.epoch AND l.profile = r.profile AND l.status = 'completed'
                                  AND (l.run_date > r.run_date OR (l.run_date = r.run_date AND l.id > r.id)))
                    """, ("before", staging.Timestamp(now - full)), ct).ConfigureAwait(false);
            }

            // A run still running long after it started was left by a process that died while another instance
            // kept working (a restart marks them too): without this it would wait for the next restart.
            var abandoned = await Sql.ExecuteAsync(c, null, "UPDATE scoring_runs SET status = 'failed', finished_at = @now, error = 'abandoned: the process running it stopped before it finished' WHERE status = 'running' AND run_date < @before", ct,
                ("now", staging.Timestamp(now)), ("before", staging.Timestamp(now - o.AbandonedRunAfter))).ConfigureAwait(false);
            return new PruneReport(observations, audit, runs, jobRuns, abandoned, thinned);
        }, cancellationToken).ConfigureAwait(false);
    }

    // Observations still counted in a validator's 30-day uptime (a retention shorter than the window) are taken out
    // of the counts in the same transaction as they are deleted.
    private async Task<int> DeleteObservationsAsync(System.Data.Common.DbConnection connection, object before, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await staging.LockAsync(connection, transaction, ValidatorTotalsSql.Lock, cancellationToken).ConfigureAwait(false);
            await Sql.ExecuteAsync(connection, transaction, UptimeSql.Prune, cancellationToken, ("before", before)).ConfigureAwait(false);
            var deleted = await Sql.ExecuteAsync(connection, transaction, "DELETE FROM validator_observations WHERE observed_at < @before", cancellationToken, ("before", before))
                .ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted;
        }
    }

    // Runs and their scores go together, in one transaction: the runs first, whose ids then name the scores. Scores do
    // not cascade from their run on every provider (SolStakeDbContext.HistoryHasForeignKeys); a run completed while
    // this runs is deleted with the scores it committed, never leaving them behind.
    private static async Task<int> DeleteRunsAsync(System.Data.Common.DbConnection connection, string runs, (string, object?) parameter, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var ids = await Sql.QueryAsync(connection, transaction, $"DELETE FROM scoring_runs WHERE id IN ({runs}) RETURNING id", r => r.GetInt64(0), cancellationToken, parameter)
                .ConfigureAwait(false);
            foreach (var chunk in ids.Chunk(500))
            {
                // Ids the database returned, written as numbers: no text of anyone's reaches the statement.
                await Sql.ExecuteAsync(connection, transaction, $"DELETE FROM trust_scores WHERE scoring_run_id IN ({string.Join(",", chunk.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)))})", cancellationToken)
                    .ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return ids.Count;
        }
    }
}
