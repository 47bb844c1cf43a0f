namespace SolStake.Core.Domain;

/// <summary>What SolStake knows of one validator.</summary>
public sealed class ValidatorHistory
{
    /// <summary>The vote account.</summary>
    public required Pubkey VoteAccount { get; init; }

    /// <summary>The identity (node pubkey); block production and gossip are keyed by it.</summary>
    public Pubkey Identity { get; init; }

    /// <summary>Active stake now, in lamports.</summary>
    public ulong ActivatedStake { get; init; }

    /// <summary>Whether the validator is delinquent now.</summary>
    public bool Delinquent { get; init; }

    /// <summary>Whether the vote account is listed by <c>getVoteAccounts</c> now (false: gated <c>INACTIVE</c>).</summary>
    public bool Listed { get; init; } = true;

    /// <summary>The commission now.</summary>
    public Commission Commission { get; init; }

    /// <summary>Credits earned per epoch (not cumulative), any order; an epoch absent after the first means zero credits.</summary>
    /// <remarks>A store may list only recent epochs and summarise the ones before them in <see cref="Earlier"/>.</remarks>
    public IReadOnlyList<EpochCredit> Credits { get; init; } = [];

    /// <summary>
    /// The epochs before those listed in <see cref="Credits"/>, summarised: a store that lists only the epochs a scoring
    /// run reads (<see cref="Storage.ScoringDataRequest.ListedEpochs"/>) gives the rest here. By default nothing came before.
    /// </summary>
    public EarlierEpochs Earlier { get; init; }

    /// <summary>
    /// The highest commission ever observed or applied at payout, where the store keeps it (the lists then need not
    /// reach back to it); null when only the lists and <see cref="Commission"/> tell.
    /// </summary>
    public Commission? HighestCommission { get; init; }

    /// <summary>Leader slots and blocks produced per completed epoch; epochs without data are simply absent.</summary>
    public IReadOnlyList<EpochBlockProduction> BlockProduction { get; init; } = [];

    /// <summary>Every commission observed, with where in its epoch it was observed.</summary>
    public IReadOnlyList<CommissionSample> CommissionSamples { get; init; } = [];

    /// <summary>The commission applied at payout per epoch (from <c>getInflationReward</c>), where known.</summary>
    public IReadOnlyList<EpochCommission> EffectiveCommissions { get; init; } = [];

    /// <summary>The software version from gossip, or null when the node is not in gossip.</summary>
    public string? Version { get; init; }

    /// <summary>Published validator info; null when it was not collected (neutral points), <see cref="ValidatorInfo.None"/> when nothing is published.</summary>
    public ValidatorInfo? Info { get; init; }

    /// <summary>Observations of the validator for uptime (the Legacy profile): how many saw it voting, of how many.</summary>
    public UptimeObservations Uptime { get; init; }
}

/// <summary>What a validator's history holds before the epochs it lists.</summary>
/// <param name="FirstCreditedEpoch">The first of those epochs in which the vote account earned credits; null if none.</param>
/// <param name="CreditedEpochs">How many of those epochs it earned credits in.</param>
public readonly record struct EarlierEpochs(ulong? FirstCreditedEpoch, int CreditedEpochs);

/// <summary>Credits a vote account earned in one epoch.</summary>
public readonly record struct EpochCredit(ulong Epoch, ulong Credits);

/// <summary>Leader slots and blocks produced by an identity in one epoch.</summary>
public readonly record struct EpochBlockProduction(ulong Epoch, ulong LeaderSlots, ulong BlocksProduced);

/// <summary>A commission observed at a slot index within an epoch.</summary>
public readonly record struct CommissionSample(ulong Epoch, ulong SlotIndex, Commission Commission);

/// <summary>The commission applied to an epoch's rewards at payout.</summary>
public readonly record struct EpochCommission(ulong Epoch, Commission Commission);

/// <summary>How many observations saw the validator voting (not delinquent), of how many.</summary>
public readonly record struct UptimeObservations(int Voting, int Total)
{
    /// <summary>The share of observations voting, 0 to 100; null without observations.</summary>
    public double? Percent => Total > 0 ? 100.0 * Voting / Total : null;
}

/// <summary>The fields of a validator's published info.</summary>
public sealed record ValidatorInfo(string? Name, string? Website, string? Details, string? IconUrl)
{
    /// <summary>Info was collected and the validator published nothing.</summary>
    public static ValidatorInfo None { get; } = new(null, null, null, null);
}
