using System.Globalization;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Domain;
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
        Field<NonNullGraphType<StakeVerdictGraphType>>("verdict")
            .Description("The wallet's stake in words: how many accounts need action or watching, and why.")
            .Rows(null, 1, stored: QueryCost.Stored.StakeAccounts)
            .Resolve(c =>
            {
                var accounts = c.Source.StakeAccounts.Select(a => StakeAccountGraphType.Verdict(c, a)).ToList();
                return new DeferredResult<StakeVerdict>(async ct =>
                {
                    var verdicts = new List<StakeVerdict>(accounts.Count);
                    foreach (var verdict in accounts)
                    {
                        verdicts.Add(await verdict.GetResultAsync(ct).ConfigureAwait(false));
                    }

                    return StakeVerdicts.ForWallet(verdicts);
                });
            });
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
        Field<StakeStatusGraphType>("status")
            .Description("ACTIVATING, ACTIVE, DEACTIVATING or INACTIVE in the latest observed epoch (null before the first sync).")
            .Resolve(c => new MappedResult<ulong, StakeStatus?>(RequestLoaders.Of(c).CurrentEpoch.Load(0), epoch => epoch == 0 ? null : c.Source.Account.StatusAt(epoch)));
        Field<NonNullGraphType<StakeVerdictGraphType>>("verdict")
            .Description("The account in words: its status, and what its validator's state and score mean for it.")
            .Resolve(c => Verdict(c, c.Source));
    }

    /// <summary>The verdict on <paramref name="account"/>, read with the request's batches (validators, scores, epoch).</summary>
    internal static IDataLoaderResult<StakeVerdict> Verdict(IResolveFieldContext c, StakeAccountRecord account)
    {
        var loaders = RequestLoaders.Of(c);
        var epoch = loaders.CurrentEpoch.Load(0);
        var validator = account.ValidatorId is { } id ? loaders.Validator.Load(id) : null;
        var score = account.ValidatorId is { } scored ? loaders.LatestScore.Load(scored) : null;
        return new DeferredResult<StakeVerdict>(async ct =>
        {
            var now = await epoch.GetResultAsync(ct).ConfigureAwait(false);
            return StakeVerdicts.ForAccount(account.Account, now == 0 ? null : now,
                validator is null ? null : await validator.GetResultAsync(ct).ConfigureAwait(false),
                score is null ? null : await score.GetResultAsync(ct).ConfigureAwait(false));
        });
    }
}

internal sealed class StakeStatusGraphType : EnumerationGraphType<StakeStatus>
{
    public StakeStatusGraphType()
    {
        Name = "StakeStatus";
        Description = "Where a stake account's delegation is: ACTIVATING (earns from the next epoch), ACTIVE, DEACTIVATING (earns until this epoch ends) or INACTIVE.";
    }
}

internal sealed class VerdictLevelGraphType : EnumerationGraphType<VerdictLevel>
{
    public VerdictLevelGraphType()
    {
        Name = "VerdictLevel";
        Description = "FINE (nothing to do), WATCH (worth knowing) or ACT (losing rewards, or on a validator the score rules out).";
    }
}

internal sealed class StakeVerdictGraphType : ObjectGraphType<StakeVerdict>
{
    public StakeVerdictGraphType()
    {
        Name = "StakeVerdict";
        Description = "A verdict on stake, in words.";
        Field<NonNullGraphType<VerdictLevelGraphType>>("level").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<StringGraphType>>("summary").Description("One sentence.").Resolve(c => c.Source.Summary);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StakeReasonGraphType>>>>("reasons").Description("Why, most serious first.")
            .Resolve(c => c.Source.Reasons);
    }
}

internal sealed class StakeReasonGraphType : ObjectGraphType<StakeReason>
{
    public StakeReasonGraphType()
    {
        Name = "StakeReason";
        Field<NonNullGraphType<StringGraphType>>("code").Description("DELINQUENT, INELIGIBLE, UNRATED, COMMISSION_RAISED, SUPERMINORITY, DEACTIVATING, INACTIVE, NOT_DELEGATED, ACTIVATING, UNKNOWN_VALIDATOR or NOT_SCORED.")
            .Resolve(c => c.Source.Code);
        Field<NonNullGraphType<VerdictLevelGraphType>>("level").Resolve(c => c.Source.Level);
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Text);
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
