namespace SolStake.Ingestion.Sync;

/// <summary>One ingestion cycle: read the cluster's vote accounts and store them.</summary>
public interface IValidatorSync
{
    /// <summary>Runs one cycle. Nothing is stored when reading from RPC fails.</summary>
    /// <exception cref="Rpc.SolanaRpcException">RPC failed.</exception>
    /// <exception cref="Core.Storage.StorageException">The store failed.</exception>
    Task<SyncReport> RunOnceAsync(CancellationToken cancellationToken = default);
}

/// <summary>What one sync cycle did.</summary>
/// <param name="Current">Vote accounts listed as current.</param>
/// <param name="Delinquent">Vote accounts listed as delinquent.</param>
/// <param name="Stored">Distinct validators written.</param>
/// <param name="Duration">How long the cycle took.</param>
public sealed record SyncReport(int Current, int Delinquent, int Stored, TimeSpan Duration);
