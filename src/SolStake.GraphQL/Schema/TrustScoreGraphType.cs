using System.Globalization;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL.Loading;

namespace SolStake.GraphQL.Schema;

/// <summary>The <c>TrustScore</c> type: the earlier design's fields, then the explained model's.</summary>
internal sealed class TrustScoreGraphType : ObjectGraphType<TrustScoreRecord>
{
    public TrustScoreGraphType()
    {
        Name = "TrustScore";
        Description = "A validator's trust score from one scoring run.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<FloatGraphType>>("score").Description("0 to 100, two decimals.").Resolve(c => (double)c.Source.Score);
        Field<NonNullGraphType<StringGraphType>>("createdAt").Resolve(c => ValidatorGraphType.Iso8601(c.Source.CreatedAt));
        Field<NonNullGraphType<IdGraphType>>("scoringRunId").Resolve(c => c.Source.ScoringRunId.ToString(CultureInfo.InvariantCulture));
        Field<ValidatorGraphType>("validator").Description("The validator scored.")
            .Resolve(c => RequestLoaders.Of(c).Validator.Resolve(c.Source.ValidatorId));
        Field<NonNullGraphType<StringGraphType>>("state").Description("ELIGIBLE, INELIGIBLE or UNRATED.").Resolve(c => c.Source.State);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScoreLineGraphType>>>>("breakdown")
            .Description("The factor lines; their points sum to the score.").Resolve(c => c.Source.Breakdown);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("flags")
            .Description("Gates, then flags, each once: a gate is marked GATE: (GATE:COMMISSION_RUG(752, 100%)); flags such as DELINQUENT_NOW.").Resolve(c => c.Source.Flags);
        Field<NonNullGraphType<StringGraphType>>("profile").Resolve(c => c.Source.Profile);
        Field<NonNullGraphType<StringGraphType>>("modelVersion").Resolve(c => c.Source.ModelVersion);
    }
}

internal sealed class ScoreLineGraphType : ObjectGraphType<ScoreLine>
{
    public ScoreLineGraphType()
    {
        Name = "ScoreLine";
        Description = "One factor of a trust score.";
        Field<NonNullGraphType<StringGraphType>>("factor").Resolve(c => c.Source.Factor);
        Field<NonNullGraphType<FloatGraphType>>("points").Resolve(c => (double)c.Source.Points);
        Field<NonNullGraphType<FloatGraphType>>("maxPoints").Resolve(c => (double)c.Source.MaxPoints);
        // A sentence per factor: about three values' worth of the answer.
        Field<NonNullGraphType<StringGraphType>>("detail").Costs(3).Resolve(c => c.Source.Detail);
    }
}
