using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>Registers wallets and keeps their stake accounts; every sync cycle refreshes them.</summary>
public interface IWalletTracker
{
    /// <summary>
    /// Registers <paramref name="wallet"/> (again is harmless), fetches the stake accounts it is staker of, stores
    /// them and writes the registration to the audit log with <paramref name="actorId"/>. When the stake accounts
    /// cannot be fetched it throws the ingestion package's RPC exception; the wallet stays registered and the next
    /// sync retries.
    /// </summary>
    Task<WalletRecord> TrackAsync(Pubkey wallet, string? actorId, CancellationToken cancellationToken = default);
}
