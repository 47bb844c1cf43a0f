using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>Registered wallets and their stake accounts.</summary>
public interface IWalletStore
{
    /// <summary>
    /// Registers a wallet for <paramref name="registeredBy"/> unless that caller registered
    /// <paramref name="maxPerCaller"/> wallets already; a wallet registered before is found, whoever registered it.
    /// Returns <c>null</c> when the caller is at its cap and the wallet is new.
    /// </summary>
    Task<WalletRegistration?> RegisterForAsync(Pubkey wallet, string registeredBy, int maxPerCaller, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Removes a wallet and its stake accounts (a registration whose first fetch failed); nothing when it is not registered.</summary>
    Task UnregisterAsync(Pubkey wallet, CancellationToken cancellationToken = default);

    /// <summary>Every registered wallet.</summary>
    Task<IReadOnlyList<Pubkey>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces a wallet's stake accounts with <paramref name="accounts"/> (accounts no longer found are removed), in one transaction.</summary>
    Task<int> ReplaceStakeAccountsAsync(Pubkey wallet, IReadOnlyCollection<StakeAccount> accounts, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first <paramref name="limit"/> registered wallets (by id) with at most <paramref name="maxStakeAccounts"/>
    /// stake accounts each (by address), in two queries.
    /// </summary>
    Task<IReadOnlyList<WalletRecord>> ListWithStakeAccountsAsync(int limit, int maxStakeAccounts, CancellationToken cancellationToken = default);

    /// <summary>A wallet with at most <paramref name="maxStakeAccounts"/> of its stake accounts (by address); null when it is not registered.</summary>
    Task<WalletRecord?> GetAsync(Pubkey wallet, int maxStakeAccounts, CancellationToken cancellationToken = default);

    /// <summary>How many wallets are registered and how many stake accounts the largest has, for pricing reads before they run.</summary>
    Task<WalletSizes> MeasureAsync(CancellationToken cancellationToken = default);
}

/// <summary>A registration's outcome.</summary>
/// <param name="UserId">The wallet's user id.</param>
/// <param name="Created">Whether this call registered it (false: it was registered before).</param>
public sealed record WalletRegistration(long UserId, bool Created);

/// <summary>What the wallet store holds.</summary>
/// <param name="Wallets">Registered wallets.</param>
/// <param name="MostStakeAccounts">The stake accounts of the wallet that has the most.</param>
public sealed record WalletSizes(int Wallets, int MostStakeAccounts);

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
