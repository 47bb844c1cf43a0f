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

    /// <summary>Calls <c>getEpochInfo</c> and <c>getVoteAccounts</c> in one JSON-RPC batch (two plain calls if the node refuses batches).</summary>
    Task<EpochAndVoteAccounts> GetEpochAndVoteAccountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getEpochSchedule</c>.</summary>
    Task<EpochSchedule> GetEpochScheduleAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getSlot</c>: the current slot.</summary>
    Task<ulong> GetSlotAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getBlockProduction</c>: leader slots and blocks per identity over a range (default: the current epoch so far).</summary>
    Task<BlockProduction> GetBlockProductionAsync(GetBlockProductionRequest? request = null, CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getClusterNodes</c>: every node in gossip.</summary>
    Task<IReadOnlyList<ClusterNode>> GetClusterNodesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <c>getProgramAccounts</c> on the Config program (jsonParsed) and returns the validator-info accounts;
    /// other Config accounts and accounts the node could not parse are left out. An identity may publish several.
    /// </summary>
    Task<IReadOnlyList<PublishedValidatorInfo>> GetValidatorInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getProgramAccounts</c> on the Stake program (jsonParsed) for the accounts whose staker or withdrawer is <paramref name="authority"/>.</summary>
    Task<IReadOnlyList<StakeAccount>> GetStakeAccountsAsync(Pubkey authority, StakeAuthority role = StakeAuthority.Staker, CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getInflationReward</c>: one entry per address, in order, null where there was no reward.</summary>
    Task<IReadOnlyList<InflationReward?>> GetInflationRewardAsync(IReadOnlyList<Pubkey> addresses, ulong? epoch = null, CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getHealth</c>. An unhealthy node answers with an error, which comes back as an unhealthy result.</summary>
    Task<NodeHealth> GetHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>Calls <c>getVersion</c>.</summary>
    Task<NodeVersion> GetVersionAsync(CancellationToken cancellationToken = default);
}

/// <summary>The epoch and the vote accounts at the same moment.</summary>
/// <param name="Epoch">The epoch info.</param>
/// <param name="VoteAccounts">The vote accounts.</param>
public sealed record EpochAndVoteAccounts(EpochInfo Epoch, VoteAccounts VoteAccounts);

/// <summary>Which stake authority a search matches.</summary>
public enum StakeAuthority
{
    /// <summary>The staker (byte offset 12 of the stake account).</summary>
    Staker,

    /// <summary>The withdrawer (byte offset 44).</summary>
    Withdrawer,
}

/// <summary>Parameters of <c>getBlockProduction</c>; every one is optional.</summary>
public sealed record GetBlockProductionRequest
{
    /// <summary>Only this identity.</summary>
    public Pubkey? Identity { get; init; }

    /// <summary>The first slot of the range (with no range: the current epoch so far).</summary>
    public ulong? FirstSlot { get; init; }

    /// <summary>The last slot of the range (default: the latest slot).</summary>
    public ulong? LastSlot { get; init; }
}

/// <summary>What <c>getHealth</c> said.</summary>
/// <param name="IsHealthy">Whether the node is healthy.</param>
/// <param name="Message">The node's message when it is not.</param>
public sealed record NodeHealth(bool IsHealthy, string? Message);

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
