using SolStake.Core.Domain;
using SolStake.Core.Storage;
using SolStake.Ingestion.Rpc;

namespace SolStake.Ingestion.Sync;

internal sealed class WalletTracker(
    ISolanaRpcClient rpc,
    IWalletStore wallets,
    IAuditLog audit,
    IEnumerable<IDataChangeListener> listeners,
    TimeProvider time,
    Microsoft.Extensions.Logging.ILogger<WalletTracker> logger) : IWalletTracker
{
    public async Task<WalletRecord> TrackAsync(Pubkey wallet, string? actorId, CancellationToken cancellationToken = default)
    {
        var userId = await wallets.RegisterAsync(wallet, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync("wallet.registered", actorId, new Dictionary<string, string?>
        {
            ["wallet"] = wallet.ToString(),
            ["userId"] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken).ConfigureAwait(false);

        var stakes = await rpc.GetStakeAccountsAsync(wallet, StakeAuthority.Staker, cancellationToken).ConfigureAwait(false);
        await wallets.ReplaceStakeAccountsAsync(wallet, stakes, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await listeners.NotifyAsync(DataChange.Wallets, logger, cancellationToken).ConfigureAwait(false);

        return (await wallets.GetAsync(wallet, cancellationToken).ConfigureAwait(false))!;
    }
}
