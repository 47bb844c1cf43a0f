using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Loading;

/// <summary>The batch loaders of one GraphQL request (a scoped service).</summary>
internal sealed class RequestLoaders(IScoreReader reader, IValidatorStore validators)
{
    private const string UserContextKey = "solstake:loaders";

    public BatchLoader<long, TrustScoreRecord> LatestScore { get; } = new(reader.LatestScoresAsync);

    public BatchLoader<long, IReadOnlyList<TrustScoreRecord>> ScoreHistory { get; } =
        new((ids, ct) => reader.ScoreHistoryAsync(ids, Schema.StoredSizes.ScoreHistoryDepth, ct));

    public BatchLoader<long, ValidatorRecord> Validator { get; } = new(reader.ValidatorsByIdAsync);

    /// <summary>Up to 64 epochs per validator (a vote account keeps 64 epochs of credits on chain).</summary>
    public BatchLoader<long, IReadOnlyList<EpochPerformance>> EpochPerformance { get; } = new((ids, ct) => reader.EpochPerformanceAsync(ids, 64, ct));

    public BatchLoader<long, IReadOnlyList<(long ValidatorId, TrustScoreRecord Score)>> RunScores { get; } = new(reader.ScoresOfRunsAsync);

    /// <summary>The epoch of the latest observation (one key, 0): read once per request, whoever asks first.</summary>
    public BatchLoader<int, ulong> CurrentEpoch { get; } = new(async (_, ct) =>
        (await validators.ListEpochsAsync(1, ct).ConfigureAwait(false)).FirstOrDefault(e => e.SlotsInEpoch > 0) is { } epoch
            ? new Dictionary<int, ulong> { [0] = epoch.Epoch }
            : new Dictionary<int, ulong>());

    /// <summary>
    /// Puts the request's loaders where resolvers find them without the request's service scope: a resolver per row
    /// (1,351 of them in the list of every validator) asking the scope for a scoped service takes the scope's lock each
    /// time, and the executer's parallel resolvers contended for it (12 % of the list's time in a profile). Created on
    /// first use, as before: a request that reads no stored data never needs a store.
    /// </summary>
    public static void Attach(ExecutionOptions options, IServiceProvider requestServices) =>
        options.UserContext[UserContextKey] = new Lazy<RequestLoaders>(requestServices.GetRequiredService<RequestLoaders>);

    /// <summary>The loaders of the request <paramref name="context"/> belongs to.</summary>
    public static RequestLoaders Of(IResolveFieldContext context) =>
        context.UserContext.TryGetValue(UserContextKey, out var loaders) && loaders is Lazy<RequestLoaders> attached
            ? attached.Value
            : context.RequestServices!.GetRequiredService<RequestLoaders>();
}
