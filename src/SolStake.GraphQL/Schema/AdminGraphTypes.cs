using System.Globalization;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL.Loading;

namespace SolStake.GraphQL.Schema;

internal sealed class ScoringRunGraphType : ObjectGraphType<ScoringRunRecord>
{
    public ScoringRunGraphType()
    {
        Name = "ScoringRun";
        Description = "One scoring run.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("runDate").Resolve(c => ValidatorGraphType.Iso8601(c.Source.RunDate));
        Field<NonNullGraphType<StringGraphType>>("status").Description("running, completed or failed.").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<IntGraphType>>("validatorCount").Resolve(c => c.Source.ValidatorCount);
        Field<NonNullGraphType<IntGraphType>>("successCount").Resolve(c => c.Source.SuccessCount);
        Field<NonNullGraphType<IntGraphType>>("failCount").Resolve(c => c.Source.FailCount);
        Field<StringGraphType>("profile").Resolve(c => c.Source.Profile);
        Field<StringGraphType>("finishedAt").Resolve(c => c.Source.FinishedAt is { } f ? ValidatorGraphType.Iso8601(f) : null);
        Field<StringGraphType>("error").Resolve(c => c.Source.Error);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustScoreGraphType>>>>("trustScores")
            .Rows(null, QueryCost.ClusterRows, stored: QueryCost.Stored.Validators)
            .Resolve(c => new MappedResult<IReadOnlyList<(long ValidatorId, TrustScoreRecord Score)>?, List<TrustScoreRecord>>(
                RequestLoaders.Of(c).RunScores.Load(c.Source.Id),
                static scores => (scores ?? []).Select(s => s.Score).ToList()));
    }
}

internal sealed class UserGraphType : ObjectGraphType<WalletRecord>
{
    public UserGraphType()
    {
        Name = "User";
        Description = "A registered wallet.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.UserId.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("walletPubkey").Resolve(c => c.Source.Wallet.ToString());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StakeAccountGraphType>>>>("stakeAccounts")
            .Description("Its stake accounts, the first MaxStakeAccountsPerWallet (1,000 by default) by address.")
            .Rows(null, 1, stored: QueryCost.Stored.StakeAccounts)
            .Resolve(c => c.Source.StakeAccounts);
        Field<NonNullGraphType<StringGraphType>>("createdAt").Resolve(c => ValidatorGraphType.Iso8601(c.Source.CreatedAt));
    }
}

internal sealed class StakeAccountGraphType : ObjectGraphType<StakeAccountRecord>
{
    public StakeAccountGraphType()
    {
        Name = "StakeAccount";
        Description = "A stake account of a registered wallet.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The stake account address.").Resolve(c => c.Source.Account.Pubkey.ToString());
        Field<NonNullGraphType<UInt64GraphType>>("stakedAmount").Description("Delegated stake in lamports (0 when not delegated).")
            .Resolve(c => c.Source.Account.DelegatedStake ?? 0);
        Field<NonNullGraphType<UInt64GraphType>>("lamports").Resolve(c => c.Source.Account.Lamports);
        Field<NonNullGraphType<StringGraphType>>("state").Resolve(c => c.Source.Account.State.ToString());
        Field<UInt64GraphType>("activationEpoch").Resolve(c => c.Source.Account.ActivationEpoch);
        Field<UInt64GraphType>("deactivationEpoch").Resolve(c => c.Source.Account.DeactivationEpoch);
        Field<ValidatorGraphType>("validator").Description("The validator it is delegated to, when SolStake knows it.")
            .Resolve(c => c.Source.ValidatorId is { } id ? RequestLoaders.Of(c).Validator.Resolve(id) : null);
    }
}

internal sealed record SystemStatsView(int ValidatorCount, int UserCount, int ScoringRunCount, DateTimeOffset Timestamp);

internal sealed class SystemStatsGraphType : ObjectGraphType<SystemStatsView>
{
    public SystemStatsGraphType()
    {
        Name = "SystemStats";
        Field<NonNullGraphType<IntGraphType>>("validatorCount").Resolve(c => c.Source.ValidatorCount);
        Field<NonNullGraphType<IntGraphType>>("userCount").Resolve(c => c.Source.UserCount);
        Field<NonNullGraphType<IntGraphType>>("scoringRunCount").Resolve(c => c.Source.ScoringRunCount);
        Field<NonNullGraphType<StringGraphType>>("timestamp").Resolve(c => ValidatorGraphType.Iso8601(c.Source.Timestamp));
    }
}
