namespace SolStake.Ingestion.Sync;

/// <summary>One ingestion cycle.</summary>
public interface IValidatorSync
{
    /// <summary>
    /// Runs one cycle: vote accounts and epoch info (required: if either fails, the cycle fails and writes
    /// nothing); gossip versions and validator info when due; block production and inflation rewards of newly
    /// completed epochs; stake accounts of registered wallets; then scoring (when registered) and change
    /// notifications. An optional source that fails leaves its data missing and adds a warning. Each phase is
    /// reported to <paramref name="progress"/> when given.
    /// </summary>
    /// <exception cref="Rpc.SolanaRpcException">A required RPC call failed.</exception>
    /// <exception cref="Core.Storage.StorageException">The store failed.</exception>
    Task<SyncReport> RunOnceAsync(IProgress<SyncProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Where a sync cycle is.</summary>
/// <param name="Phase">The phase that starts (<c>vote-accounts</c>, <c>slow-sources</c>, <c>completed-epochs</c>, <c>wallets</c>, <c>scoring</c>, <c>housekeeping</c>).</param>
/// <param name="Fraction">Roughly how much of the cycle is done, 0 to 1.</param>
public sealed record SyncProgress(string Phase, double Fraction);

/// <summary>What one sync cycle did.</summary>
public sealed record SyncReport
{
    /// <summary>The cycle's id, also in its log events.</summary>
    public required Guid CycleId { get; init; }

    /// <summary>The current epoch.</summary>
    public required ulong Epoch { get; init; }

    /// <summary>Vote accounts listed as current.</summary>
    public required int Current { get; init; }

    /// <summary>Vote accounts listed as delinquent.</summary>
    public required int Delinquent { get; init; }

    /// <summary>Distinct validators written.</summary>
    public required int Stored { get; init; }

    /// <summary>Whether gossip versions and validator info were collected this cycle.</summary>
    public bool SlowSourcesCollected { get; init; }

    /// <summary>Completed epochs whose block production was stored this cycle.</summary>
    public IReadOnlyList<ulong> BlockProductionEpochs { get; init; } = [];

    /// <summary>Completed epochs whose inflation rewards were stored this cycle.</summary>
    public IReadOnlyList<ulong> RewardEpochs { get; init; } = [];

    /// <summary>Wallets whose stake accounts were refreshed.</summary>
    public int WalletsRefreshed { get; init; }

    /// <summary>The scoring run, when one ran.</summary>
    public long? ScoringRunId { get; init; }

    /// <summary>Optional sources that failed.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>How long the cycle took.</summary>
    public required TimeSpan Duration { get; init; }
}
