using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>Registered wallets and their stake accounts.</summary>
public interface IWalletStore
{
    /// <summary>Registers a wallet (nothing happens if it is registered already) and returns its user id.</summary>
    Task<long> RegisterAsync(Pubkey wallet, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every registered wallet.</summary>
    Task<IReadOnlyList<Pubkey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces a wallet's stake accounts with <paramref name="accounts"/> (accounts no longer found are removed), in one transaction.</summary>
    Task<int> ReplaceStakeAccountsAsync(Pubkey wallet, IReadOnlyCollection<StakeAccount> accounts, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every registered wallet with its stake accounts, in two queries.</summary>
    Task<IReadOnlyList<WalletRecord>> ListWithStakeAccountsAsync(CancellationToken cancellationToken = default);

    /// <summary>A wallet with its stake accounts; null when it is not registered.</summary>
    Task<WalletRecord?> GetAsync(Pubkey wallet, CancellationToken cancellationToken = default);
}

/// <summary>A registered wallet.</summary>
/// <param name="UserId">The user id.</param>
/// <param name="Wallet">The wallet.</param>
/// <param name="StakeAccounts">Its stake accounts.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record WalletRecord(long UserId, Pubkey Wallet, IReadOnlyList<StakeAccountRecord> StakeAccounts, DateTimeOffset CreatedAt);

/// <summary>A stored stake account.</summary>
/// <param name="Account">The stake account as last fetched.</param>
/// <param name="ValidatorId">The validator it is delegated to, when SolStake knows the vote account.</param>
/// <param name="UpdatedAt">When it was last fetched.</param>
public sealed record StakeAccountRecord(StakeAccount Account, long? ValidatorId, DateTimeOffset UpdatedAt);
