using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>Registers wallets and keeps their stake accounts; every sync cycle refreshes them.</summary>
public interface IWalletTracker
{
    /// <summary>
    /// Registers <paramref name="wallet"/> for <paramref name="actorId"/> (again is harmless: it refreshes the stake
    /// accounts), fetches the stake accounts it is staker of and stores them. A new registration is written to the audit
    /// log with <paramref name="actorId"/>; a refresh is not. Throws <see cref="WalletTrackingException"/> when the
    /// address is not a wallet, the caller is at its cap or past its rate, or the stake accounts cannot be fetched now;
    /// in every case a registration this call made is removed again, so nothing is left half done.
    /// </summary>
    Task<WalletRecord> TrackAsync(Pubkey wallet, string? actorId, CancellationToken cancellationToken = default);
}

/// <summary>Why <see cref="IWalletTracker.TrackAsync"/> did not track a wallet.</summary>
public enum WalletTrackingRefusal
{
    /// <summary>The address is a program's or a sysvar's, not a wallet.</summary>
    NotAWallet,

    /// <summary>The caller tracks as many wallets as it may.</summary>
    WalletLimitReached,

    /// <summary>The caller registered wallets faster than it may; later it can again.</summary>
    TooManyRegistrations,

    /// <summary>The stake accounts could not be fetched now (the RPC failed, was slow, or is being spared); later may work.</summary>
    Unavailable,
}

/// <summary>A wallet was not tracked; <see cref="Refusal"/> says why, and the message says it for a caller.</summary>
public sealed class WalletTrackingException : SolStakeException
{
    /// <summary>Creates the exception.</summary>
    public WalletTrackingException(WalletTrackingRefusal refusal, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Refusal = refusal;
    }

    /// <summary>Why the wallet was not tracked.</summary>
    public WalletTrackingRefusal Refusal { get; }

    /// <inheritdoc />
    public override bool IsTransient => Refusal is WalletTrackingRefusal.TooManyRegistrations or WalletTrackingRefusal.Unavailable;
}
