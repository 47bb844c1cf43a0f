using SolStake.Core.Storage;

namespace SolStake.GraphQL.Loading;

/// <summary>The batch loaders of one GraphQL request (a scoped service).</summary>
internal sealed class RequestLoaders(IScoreReader reader)
{
    public BatchLoader<long, TrustScoreRecord> LatestScore { get; } = new(reader.LatestScoresAsync);

    public BatchLoader<long, IReadOnlyList<TrustScoreRecord>> ScoreHistory { get; } =
        new((ids, ct) => reader.ScoreHistoryAsync(ids, Schema.StoredSizes.ScoreHistoryDepth, ct));

    public BatchLoader<long, ValidatorRecord> Validator { get; } = new(reader.ValidatorsByIdAsync);

    /// <summary>Up to 64 epochs per validator (a vote account keeps 64 epochs of credits on chain).</summary>
    public BatchLoader<long, IReadOnlyList<EpochPerformance>> EpochPerformance { get; } = new((ids, ct) => reader.EpochPerformanceAsync(ids, 64, ct));

    public BatchLoader<long, IReadOnlyList<(long ValidatorId, TrustScoreRecord Score)>> RunScores { get; } = new(reader.ScoresOfRunsAsync);
}
