using SolStake.Core.Domain;

namespace SolStake.Ingestion.Rpc;

/// <summary>
/// A typed client for the Solana JSON-RPC API. Every method throws <see cref="SolanaRpcException"/> when the node
/// answers with an error, an HTTP failure or a body that is not the expected JSON, and honours cancellation.
/// </summary>
public interface ISolanaRpcClient
{
    /// <summary>Calls <c>getVoteAccounts</c>: every vote account, split into current and delinquent.</summary>
    Task<VoteAccounts> GetVoteAccountsAsync(GetVoteAccountsRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getEpochInfo</c>.</summary>
    Task<EpochInfo> GetEpochInfoAsync(CancellationToken cancellationToken = default);
}

/// <summary>Parameters of <c>getVoteAccounts</c>; every one is optional.</summary>
public sealed record GetVoteAccountsRequest
{
    /// <summary>Only return the vote account with this address.</summary>
    public Pubkey? VotePubkey { get; init; }

    /// <summary>Also return delinquent vote accounts that have no stake.</summary>
    public bool? KeepUnstakedDelinquents { get; init; }

    /// <summary>How many slots behind the tip a validator must be to count as delinquent (node default 128).</summary>
    public ulong? DelinquentSlotDistance { get; init; }
}

/// <summary>The result of <c>getVoteAccounts</c>.</summary>
/// <param name="Current">Vote accounts that are voting.</param>
/// <param name="Delinquent">Vote accounts that are behind the tip (<see cref="VoteAccount.Delinquent"/> is set).</param>
public sealed record VoteAccounts(IReadOnlyList<VoteAccount> Current, IReadOnlyList<VoteAccount> Delinquent)
{
    /// <summary>The number of vote accounts on both lists.</summary>
    public int Count => Current.Count + Delinquent.Count;

    /// <summary>Every vote account, current first.</summary>
    public IReadOnlyList<VoteAccount> All() => [.. Current, .. Delinquent];
}
