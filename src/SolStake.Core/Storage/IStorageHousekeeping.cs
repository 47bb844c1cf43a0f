namespace SolStake.Core.Storage;

/// <summary>Prunes what has aged out (retention is configured by the storage package).</summary>
public interface IStorageHousekeeping
{
    /// <summary>
    /// Deletes observations, audit entries, finished job executions and (when configured) scoring runs older than
    /// their retention, thins scoring runs beyond the full-resolution age to one per epoch, and marks scoring runs
    /// left running long ago (by a process that died) as failed.
    /// </summary>
    Task<PruneReport> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>What housekeeping deleted.</summary>
/// <param name="Observations">Observations deleted.</param>
/// <param name="AuditEntries">Audit entries deleted.</param>
/// <param name="ScoringRuns">Scoring runs deleted (with their scores).</param>
/// <param name="JobRuns">Job executions deleted from the job history.</param>
/// <param name="AbandonedScoringRuns">Scoring runs left running long ago, marked failed.</param>
/// <param name="ThinnedScoringRuns">Scoring runs older than the full-resolution age deleted (with their scores) because a later run of the same epoch is kept.</param>
public sealed record PruneReport(int Observations, int AuditEntries, int ScoringRuns, int JobRuns, int AbandonedScoringRuns, int ThinnedScoringRuns = 0);

