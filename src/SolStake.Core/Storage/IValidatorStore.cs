using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>
/// Where validators are kept. The ingestion pipeline writes through it and the API reads through it; the
/// SolStake.Storage package implements it on PostgreSQL and SQLite.
/// </summary>
public interface IValidatorStore
{
    /// <summary>
    /// Inserts or updates one validator per vote account, in one set-based write. Entries that repeat a vote
    /// account are merged (the last one wins), so a response with duplicates stores each validator once.
    /// </summary>
    /// <returns>The number of distinct vote accounts written.</returns>
    /// <exception cref="StorageException">The database refused or failed the write; nothing was written.</exception>
    Task<int> UpsertVoteAccountsAsync(IReadOnlyCollection<VoteAccount> voteAccounts, DateTimeOffset observedAt, CancellationToken cancellationToken = default);

    /// <summary>Returns every stored validator, ordered by vote account.</summary>
    Task<IReadOnlyList<ValidatorRecord>> ListValidatorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the number of stored validators.</summary>
    Task<int> CountValidatorsAsync(CancellationToken cancellationToken = default);
}
