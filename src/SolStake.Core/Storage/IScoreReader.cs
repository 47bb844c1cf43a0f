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

    /// <summary>Validators by store id, in one query.</summary>
    Task<IReadOnlyDictionary<long, ValidatorRecord>> ValidatorsByIdAsync(IReadOnlyCollection<long> validatorIds, CancellationToken cancellationToken = default);
}

/// <summary>A validator and its latest score.</summary>
/// <param name="Validator">The validator.</param>
/// <param name="LatestScore">Its score in the latest completed run; null before its first.</param>
public sealed record ValidatorWithScore(ValidatorRecord Validator, TrustScoreRecord? LatestScore);
