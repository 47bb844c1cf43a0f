using GraphQL.Types;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Schema;

internal sealed class EpochPerformanceGraphType : ObjectGraphType<EpochPerformance>
{
    public EpochPerformanceGraphType()
    {
        Name = "EpochPerformance";
        Description = "What a validator did in one epoch.";
        Field<NonNullGraphType<UInt64GraphType>>("epoch").Resolve(c => c.Source.Epoch);
        Field<NonNullGraphType<UInt64GraphType>>("credits").Description("Vote credits earned (partial while the epoch runs).").Resolve(c => c.Source.Credits);
        Field<UInt64GraphType>("leaderSlots").Resolve(c => c.Source.LeaderSlots);
        Field<UInt64GraphType>("blocksProduced").Resolve(c => c.Source.BlocksProduced);
        Field<FloatGraphType>("skipRate").Description("Skipped leader slots, 0 to 1.").Resolve(c => c.Source.SkipRate);
        Field<IntGraphType>("maxCommissionBps").Description("The highest commission sampled in the epoch.").Resolve(c => (int?)c.Source.MaxSampledCommission?.BasisPoints);
        Field<IntGraphType>("effectiveCommissionBps").Description("The commission applied at payout.").Resolve(c => (int?)c.Source.EffectiveCommission?.BasisPoints);
        Field<UInt64GraphType>("activatedStake").Resolve(c => c.Source.ActivatedStake);
    }
}

internal sealed record CommissionChange(ulong Epoch, int CommissionBps);

internal sealed class CommissionChangeGraphType : ObjectGraphType<CommissionChange>
{
    public CommissionChangeGraphType()
    {
        Name = "CommissionChange";
        Description = "The commission a validator charged from an epoch on.";
        Field<NonNullGraphType<UInt64GraphType>>("epoch").Resolve(c => c.Source.Epoch);
        Field<NonNullGraphType<IntGraphType>>("commissionBps").Resolve(c => c.Source.CommissionBps);
        Field<NonNullGraphType<FloatGraphType>>("commission").Description("In percent.").Resolve(c => c.Source.CommissionBps / 100.0);
    }
}
