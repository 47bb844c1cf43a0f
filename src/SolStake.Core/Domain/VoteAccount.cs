namespace SolStake.Core.Domain;

/// <summary>
/// A vote account as the cluster reports it at one moment: what one entry of <c>getVoteAccounts</c> says, with
/// the side (current or delinquent) it was listed on.
/// </summary>
public sealed record VoteAccount
{
    /// <summary>The vote account address; it identifies a validator in SolStake.</summary>
    public required Pubkey VotePubkey { get; init; }

    /// <summary>The validator identity (node pubkey). Not unique: one identity may run several vote accounts.</summary>
    public required Pubkey NodePubkey { get; init; }

    /// <summary>Stake delegated to the vote account and active in the current epoch, in lamports.</summary>
    public ulong ActivatedStake { get; init; }

    /// <summary>The commission that applies to inflation rewards.</summary>
    public Commission Commission { get; init; }

    /// <summary>Whether the vote account is staked for this epoch.</summary>
    public bool EpochVoteAccount { get; init; }

    /// <summary>The most recent slot voted on.</summary>
    public ulong LastVote { get; init; }

    /// <summary>The current root slot.</summary>
    public ulong RootSlot { get; init; }

    /// <summary>Whether the cluster listed the account as delinquent (too far behind the tip).</summary>
    public bool Delinquent { get; init; }

    /// <summary>Credit history of the latest epochs, oldest first (up to five epochs from RPC).</summary>
    public IReadOnlyList<EpochCredits> EpochCredits { get; init; } = [];
}
