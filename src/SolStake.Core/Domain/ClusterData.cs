namespace SolStake.Core.Domain;

/// <summary>Leader slots and blocks produced by identity over a slot range, as <c>getBlockProduction</c> returns them.</summary>
/// <param name="FirstSlot">The first slot of the range.</param>
/// <param name="LastSlot">The last slot of the range.</param>
/// <param name="ByIdentity">Per identity, its leader slots and the blocks it produced in them.</param>
public sealed record BlockProduction(ulong FirstSlot, ulong LastSlot, IReadOnlyDictionary<Pubkey, LeaderSlots> ByIdentity);

/// <summary>An identity's leader slots in a range and the blocks it produced in them.</summary>
/// <param name="Slots">Leader slots.</param>
/// <param name="BlocksProduced">Blocks produced (the rest were skipped).</param>
public readonly record struct LeaderSlots(ulong Slots, ulong BlocksProduced)
{
    /// <summary>The share of leader slots skipped, 0 to 1; null without leader slots.</summary>
    public double? SkipRate => Slots == 0 ? null : 1 - ((double)Math.Min(BlocksProduced, Slots) / Slots);
}

/// <summary>A node in gossip, as <c>getClusterNodes</c> returns it.</summary>
public sealed record ClusterNode
{
    /// <summary>The node's identity.</summary>
    public required Pubkey Pubkey { get; init; }

    /// <summary>The gossip address (host:port), when advertised.</summary>
    public string? Gossip { get; init; }

    /// <summary>The TPU address, when advertised.</summary>
    public string? Tpu { get; init; }

    /// <summary>The JSON-RPC address, when the node serves RPC publicly.</summary>
    public string? Rpc { get; init; }

    /// <summary>The software version string (for example <c>2.1.14</c> or <c>1.1.18 bc808d78</c>); null when not reported.</summary>
    public string? Version { get; init; }

    /// <summary>The feature set identifier, when reported.</summary>
    public uint? FeatureSet { get; init; }

    /// <summary>The shred version, when reported.</summary>
    public ushort? ShredVersion { get; init; }
}

/// <summary>A validator's published info (a Config-program account), as <c>getProgramAccounts</c> returns it parsed.</summary>
public sealed record PublishedValidatorInfo
{
    /// <summary>The Config account holding the info.</summary>
    public required Pubkey InfoAccount { get; init; }

    /// <summary>The validator identity that signed the info.</summary>
    public required Pubkey Identity { get; init; }

    /// <summary>The published name.</summary>
    public string? Name { get; init; }

    /// <summary>The published website.</summary>
    public string? Website { get; init; }

    /// <summary>The published details.</summary>
    public string? Details { get; init; }

    /// <summary>The published icon URL.</summary>
    public string? IconUrl { get; init; }

    /// <summary>The published Keybase user name.</summary>
    public string? KeybaseUsername { get; init; }
}

/// <summary>The state of a stake account.</summary>
public enum StakeAccountState
{
    /// <summary>Created but not initialised.</summary>
    Uninitialized,

    /// <summary>Initialised with authorities, not delegated.</summary>
    Initialized,

    /// <summary>Delegated to a vote account.</summary>
    Delegated,

    /// <summary>A rewards pool (legacy).</summary>
    RewardsPool,
}

/// <summary>A stake account, as <c>getProgramAccounts</c> on the Stake program returns it parsed.</summary>
public sealed record StakeAccount
{
    /// <summary>The stake account.</summary>
    public required Pubkey Pubkey { get; init; }

    /// <summary>The account's balance in lamports.</summary>
    public ulong Lamports { get; init; }

    /// <summary>The account's state.</summary>
    public StakeAccountState State { get; init; }

    /// <summary>The staker authority.</summary>
    public Pubkey? Staker { get; init; }

    /// <summary>The withdrawer authority.</summary>
    public Pubkey? Withdrawer { get; init; }

    /// <summary>The vote account the stake is delegated to, when delegated.</summary>
    public Pubkey? Voter { get; init; }

    /// <summary>The delegated stake in lamports, when delegated.</summary>
    public ulong? DelegatedStake { get; init; }

    /// <summary>The epoch the delegation activated, when delegated.</summary>
    public ulong? ActivationEpoch { get; init; }

    /// <summary>The epoch the delegation deactivates; null while it is not deactivating.</summary>
    public ulong? DeactivationEpoch { get; init; }

    /// <summary>The lamports kept for rent exemption.</summary>
    public ulong RentExemptReserve { get; init; }
}

/// <summary>An address's inflation reward for one epoch, as <c>getInflationReward</c> returns it.</summary>
public sealed record InflationReward
{
    /// <summary>The epoch rewarded.</summary>
    public ulong Epoch { get; init; }

    /// <summary>The slot in which the reward was paid.</summary>
    public ulong EffectiveSlot { get; init; }

    /// <summary>The reward in lamports.</summary>
    public ulong Amount { get; init; }

    /// <summary>The balance after the reward, in lamports.</summary>
    public ulong PostBalance { get; init; }

    /// <summary>The vote account's commission applied at payout; null when the node does not say.</summary>
    public Commission? Commission { get; init; }
}

/// <summary>The software a node runs, as <c>getVersion</c> returns it.</summary>
/// <param name="SolanaCore">The version string.</param>
/// <param name="FeatureSet">The feature set identifier, when reported.</param>
public sealed record NodeVersion(string SolanaCore, uint? FeatureSet);
