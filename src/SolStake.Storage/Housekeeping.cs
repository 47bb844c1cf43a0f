using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;
using SolStake.Storage.Model;

namespace SolStake.Storage;

internal sealed class Housekeeping<TContext>(IDbContextFactory<TContext> contexts, IStagingLoader staging, StorageErrors errors, IOptions<StorageOptions> options) : IStorageHousekeeping
    where TContext : SolStakeDbContext
{
    public async Task<PruneReport> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        try
        {
            var context = await contexts.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (context.ConfigureAwait(false))
            {
                await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                var c = context.Database.GetDbConnection();
                var observations = await Sql.ExecuteAsync(c, null, "DELETE FROM validator_observations WHERE observed_at < @before", cancellationToken,
                    ("before", staging.Timestamp(now - o.ObservationRetention))).ConfigureAwait(false);
                var audit = await Sql.ExecuteAsync(c, null, "DELETE FROM audit_logs WHERE created_at < @before", cancellationToken,
                    ("before", staging.Timestamp(now - o.AuditLogRetention))).ConfigureAwait(false);
                var runs = 0;
                if (o.ScoringRunRetention is { } keep)
                {
                    // Scores go with their run (cascade); a running run is never pruned.
                    var before = staging.Timestamp(now - keep);
                    await Sql.ExecuteAsync(c, null, "DELETE FROM trust_scores WHERE scoring_run_id IN (SELECT id FROM scoring_runs WHERE run_date < @before AND status <> 'running')",
                        cancellationToken, ("before", before)).ConfigureAwait(false);
                    runs = await Sql.ExecuteAsync(c, null, "DELETE FROM scoring_runs WHERE run_date < @before AND status <> 'running'", cancellationToken, ("before", before)).ConfigureAwait(false);
                }

                return new PruneReport(observations, audit, runs);
            }
        }
        catch (Exception ex) when (errors.Translate(ex, "pruning old data") is { } translated)
        {
            throw translated;
        }
    }
}
