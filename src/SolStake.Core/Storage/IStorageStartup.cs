namespace SolStake.Core.Storage;

/// <summary>
/// The storage's start-up work (migrations when the host asked for them, recovery of scoring runs a crash left
/// running). A host starts while its database is down: it answers liveness, reports not ready, and does this work
/// once the database answers. Work that needs the database from the start (the scheduler) waits for it here.
/// </summary>
public interface IStorageStartup
{
    /// <summary>Whether no start-up work is pending: it is done, or no host started it (an operator task that only reads).</summary>
    bool IsComplete { get; }

    /// <summary>Completes when the start-up work is done; faults when it failed for good (not for a database that is down).</summary>
    Task WhenCompleteAsync(CancellationToken cancellationToken = default);
}
