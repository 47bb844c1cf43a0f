using GraphQL.Types;

namespace SolStake.GraphQL.Schema;

/// <summary>The cluster as last observed.</summary>
internal sealed record ClusterView(ulong Epoch, ulong Slot, ulong SlotIndex, ulong SlotsInEpoch, ulong TotalStake, ulong DelinquentStake, int ValidatorCount, int DelinquentCount, int SuperminoritySize,
    DateTimeOffset? LastSyncAt, DateTimeOffset? LastScoringRunAt);

internal sealed class ClusterGraphType : ObjectGraphType<ClusterView>
{
    public ClusterGraphType()
    {
        Name = "Cluster";
        Description = "The cluster as the latest sync saw it.";
        Field<NonNullGraphType<UInt64GraphType>>("epoch").Resolve(c => c.Source.Epoch);
        Field<NonNullGraphType<UInt64GraphType>>("slot").Resolve(c => c.Source.Slot);
        Field<NonNullGraphType<UInt64GraphType>>("slotIndex").Resolve(c => c.Source.SlotIndex);
        Field<NonNullGraphType<UInt64GraphType>>("slotsInEpoch").Resolve(c => c.Source.SlotsInEpoch);
        Field<NonNullGraphType<UInt64GraphType>>("totalStake").Description("Active stake of every vote account, in lamports.").Resolve(c => c.Source.TotalStake);
        Field<NonNullGraphType<UInt64GraphType>>("delinquentStake").Description("Active stake of delinquent vote accounts, in lamports.").Resolve(c => c.Source.DelinquentStake);
        Field<NonNullGraphType<IntGraphType>>("validatorCount").Resolve(c => c.Source.ValidatorCount);
        Field<NonNullGraphType<IntGraphType>>("delinquentCount").Resolve(c => c.Source.DelinquentCount);
        Field<NonNullGraphType<IntGraphType>>("superminoritySize").Description("How many validators together hold more than a third of the stake.")
            .Resolve(c => c.Source.SuperminoritySize);
        Field<StringGraphType>("lastSyncAt").Description("When a sync last observed a validator (ISO-8601); null before the first.")
            .Resolve(c => c.Source.LastSyncAt is { } at ? ValidatorGraphType.Iso8601(at) : null);
        Field<StringGraphType>("lastScoringRunAt").Description("When the latest completed scoring run finished (ISO-8601); null before the first.")
            .Resolve(c => c.Source.LastScoringRunAt is { } at ? ValidatorGraphType.Iso8601(at) : null);
    }
}

/// <summary>A validator's place in a what-if ranking.</summary>
internal sealed record RankedValidator(int Rank, long ValidatorId, SolStake.Scoring.ValidatorScore Score);

internal sealed class RankedValidatorGraphType : ObjectGraphType<RankedValidator>
{
    public RankedValidatorGraphType()
    {
        Name = "RankedValidator";
        Description = "A validator ranked under a profile, computed on the stored data without storing anything.";
        Field<NonNullGraphType<IntGraphType>>("rank").Resolve(c => c.Source.Rank);
        Field<NonNullGraphType<ValidatorGraphType>>("validator")
            .Resolve(c => Loading.RequestLoaders.Of(c).Validator.Resolve(c.Source.ValidatorId));
        Field<NonNullGraphType<FloatGraphType>>("score").Resolve(c => (double)c.Source.Score.Score);
        Field<NonNullGraphType<StringGraphType>>("state").Resolve(c => SolStake.Scoring.ScoreStateNames.Of(c.Source.Score.State));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("flags")
            .Resolve(c => c.Source.Score.FlagTexts());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ScoreLineGraphType>>>>("breakdown")
            .Resolve(c => c.Source.Score.Breakdown.Select(l => new SolStake.Core.Storage.ScoreLine(l.Factor, l.Points, l.MaxPoints, l.Detail)).ToList());
    }
}
