using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>The API's reads of scores, each a fixed, small number of indexed queries whatever the number of validators.</summary>
public interface IScoreReader
{
    /// <summary>
    /// One page of validators with their score in the latest completed run (null when it has none): filtered,
    /// ordered and cut in the database, in one query, so a page costs what its rows cost rather than what every
    /// validator costs.
    /// </summary>
    Task<IReadOnlyList<ValidatorWithScore>> ValidatorPageAsync(ValidatorQuery query, CancellationToken cancellationToken = default);

    /// <summary>The latest scores of the given validators (by store id), in one query; validators without one are absent.</summary>
    Task<IReadOnlyDictionary<long, TrustScoreRecord>> LatestScoresAsync(IReadOnlyCollection<long> validatorIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Score history of the given validators, newest first, at most <paramref name="last"/> each: the completed runs, then
    /// their scores of these validators in one query, and one more for validators scored fewer times in the latest runs.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<TrustScoreRecord>>> ScoreHistoryAsync(IReadOnlyCollection<long> validatorIds, int last, CancellationToken cancellationToken = default);

    /// <summary>The scores of the given runs, in one query.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<(long ValidatorId, TrustScoreRecord Score)>>> ScoresOfRunsAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken = default);

    /// <summary>Per-epoch performance of the given validators, newest epoch first, at most <paramref name="last"/> epochs each, in one query.</summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<EpochPerformance>>> EpochPerformanceAsync(IReadOnlyCollection<long> validatorIds, int last, CancellationToken cancellationToken = default);

    /// <summary>Validators by store id, in one query.</summary>
    Task<IReadOnlyDictionary<long, ValidatorRecord>> ValidatorsByIdAsync(IReadOnlyCollection<long> validatorIds, CancellationToken cancellationToken = default);
}

/// <summary>What a validator did in one epoch, as stored.</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Credits">Vote credits earned (partial while the epoch runs).</param>
/// <param name="LeaderSlots">Leader slots, when block production was collected.</param>
/// <param name="BlocksProduced">Blocks produced in them.</param>
/// <param name="MaxSampledCommission">The highest commission sampled during the epoch.</param>
/// <param name="EffectiveCommission">The commission applied at payout, when collected.</param>
/// <param name="ActivatedStake">Active stake during the epoch, when observed.</param>
public sealed record EpochPerformance(ulong Epoch, ulong Credits, ulong? LeaderSlots, ulong? BlocksProduced, Domain.Commission? MaxSampledCommission, Domain.Commission? EffectiveCommission, ulong? ActivatedStake)
{
    /// <summary>Skipped leader slots, 0 to 1; null without leader slots.</summary>
    public double? SkipRate => LeaderSlots is > 0 && BlocksProduced is { } produced ? 1 - ((double)Math.Min(produced, LeaderSlots.Value) / LeaderSlots.Value) : null;
}

/// <summary>Which validators to list, in which order, which page.</summary>
public sealed record ValidatorQuery
{
    /// <summary>The order; ties are broken by vote account.</summary>
    public ValidatorOrder OrderBy { get; init; } = ValidatorOrder.VoteAccount;

    /// <summary>Part of the name (any case), or the start of the vote account or identity.</summary>
    public string? Search { get; init; }

    /// <summary>Only the validator with this vote account.</summary>
    public Domain.Pubkey? VoteAccount { get; init; }

    /// <summary>Only validators run by this identity (one identity can run several vote accounts).</summary>
    public Domain.Pubkey? Identity { get; init; }

    /// <summary>Only validators whose latest score has this state (<c>ELIGIBLE</c>, <c>INELIGIBLE</c>, <c>UNRATED</c>).</summary>
    public string? State { get; init; }

    /// <summary>Rows to skip.</summary>
    public int Offset { get; init; }

    /// <summary>Rows to return at most; null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// Whether the latest scores' breakdown and flags are read (default). Without them those lists are empty, and a
    /// list of every validator reads a fraction of the bytes (the breakdown is most of a stored score).
    /// </summary>
    public bool WithScoreDetails { get; init; } = true;
}

/// <summary>Orders of <see cref="ValidatorQuery"/>.</summary>
public enum ValidatorOrder
{
    /// <summary>Vote account (the default).</summary>
    VoteAccount,

    /// <summary>Latest score, highest first; validators without one last.</summary>
    Score,

    /// <summary>Active stake, highest first.</summary>
    Stake,

    /// <summary>Commission, lowest first.</summary>
    Commission,

    /// <summary>Name in any case; validators without one last.</summary>
    Name,
}

/// <summary>A validator and its latest score.</summary>
/// <param name="Validator">The validator.</param>
/// <param name="LatestScore">Its score in the latest completed run; null before its first.</param>
public sealed record ValidatorWithScore(ValidatorRecord Validator, TrustScoreRecord? LatestScore);
