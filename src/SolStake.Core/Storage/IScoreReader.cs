using SolStake.Core.Domain;

namespace SolStake.Core.Storage;

/// <summary>The API's reads of scores, each a fixed, small number of indexed queries whatever the number of validators.</summary>
public interface IScoreReader
{
    /// <summary>Every validator with its score in the latest completed run (null when it has none), in one query.</summary>
    Task<IReadOnlyList<ValidatorWithScore>> ValidatorsWithLatestScoresAsync(CancellationToken cancellationToken = default);

    /// <summary>The latest scores of the given validators (by store id), in one query; validators without one are absent.</summary>
    Task<IReadOnlyDictionary<long, TrustScoreRecord>> LatestScoresAsync(IReadOnlyCollection<long> validatorIds, CancellationToken cancellationToken = default);

    /// <summary>Score history of the given validators, newest first, at most <paramref name="last"/> each, in one query.</summary>
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

/// <summary>A validator and its latest score.</summary>
/// <param name="Validator">The validator.</param>
/// <param name="LatestScore">Its score in the latest completed run; null before its first.</param>
public sealed record ValidatorWithScore(ValidatorRecord Validator, TrustScoreRecord? LatestScore);
