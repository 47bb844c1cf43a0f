using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL.Loading;

namespace SolStake.GraphQL.Schema;

/// <summary>The <c>Validator</c> type: the earlier design's fields, then SolStake's additions.</summary>
internal sealed class ValidatorGraphType : ObjectGraphType<ValidatorRecord>
{
    public ValidatorGraphType()
    {
        Name = "Validator";
        Description = "A Solana validator, identified by its vote account.";

        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString(CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("voteAccount").Description("The vote account address (base58).")
            .Resolve(c => c.Source.VoteAccount.ToString());
        Field<StringGraphType>("name").Description("The published validator name, when known.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("validatorPubkey").Description("The validator identity (node pubkey, base58).")
            .Resolve(c => c.Source.Identity.ToString());
        Field<FloatGraphType>("commission").Description("Commission in percent (0 to 100).").Resolve(c => c.Source.Commission.Percent);
        Field<NonNullGraphType<IntGraphType>>("commissionBps").Description("Commission in basis points (0 to 10000).")
            .Resolve(c => (int)c.Source.Commission.BasisPoints);
        Field<NonNullGraphType<UInt64GraphType>>("activatedStake").Description("Active stake in lamports.").Resolve(c => c.Source.ActivatedStake);
        Field<NonNullGraphType<BooleanGraphType>>("delinquent").Description("Whether the validator was delinquent when last observed.")
            .Resolve(c => c.Source.Delinquent);
        Field<NonNullGraphType<FloatGraphType>>("uptime").Description("Share (0 to 100) of the last 30 days' observations in which the validator was voting.")
            .Resolve(c => c.Source.Uptime);
        Field<StringGraphType>("version").Description("The software version in gossip.").Resolve(c => c.Source.Version);
        Field<NonNullGraphType<ValidatorClientGraphType>>("client")
            .Description("The client its version names (Jito-Agave only where the version says so: it reports Agave's numbers).")
            .Resolve(c => SolStake.Scoring.ValidatorClients.Of(c.Source.Version));
        Field<StringGraphType>("website").Resolve(c => c.Source.Website);
        Field<StringGraphType>("details").Resolve(c => c.Source.Details);
        Field<StringGraphType>("iconUrl").Resolve(c => c.Source.IconUrl);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EpochPerformanceGraphType>>>>("epochPerformance")
            .Description("Per-epoch credits, block production and commission, newest first.")
            .Argument<IntGraphType>("last", a => { a.DefaultValue = 10; a.Description = "How many epochs (1 to 64)."; })
            .Rows("last", 10)
            .Resolve(c =>
            {
                var last = c.GetArgument<int>("last");
                if (last is < 1 or > 64)
                {
                    throw new ArgumentValidationException("last", "must be between 1 and 64");
                }

                return new MappedResult<IReadOnlyList<EpochPerformance>?, List<EpochPerformance>>(
                    RequestLoaders.Of(c).EpochPerformance.Load(c.Source.Id), p => (p ?? []).Take(last).ToList());
            });
        Field<FloatGraphType>("skipRate").Description("Skipped leader slots over the stored completed epochs, 0 to 1; null without leader slots.")
            .Resolve(c => new MappedResult<IReadOnlyList<EpochPerformance>?, double?>(
                RequestLoaders.Of(c).EpochPerformance.Load(c.Source.Id), static p =>
                {
                    ulong slots = 0, produced = 0;
                    foreach (var e in p ?? [])
                    {
                        slots += e.LeaderSlots ?? 0;
                        produced += Math.Min(e.BlocksProduced ?? 0, e.LeaderSlots ?? 0);
                    }

                    return slots == 0 ? null : 1 - ((double)produced / slots);
                }));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CommissionChangeGraphType>>>>("commissionHistory")
            .Description("Each epoch whose highest sampled commission differs from the epoch before, oldest first.")
            .Rows(null, 64)
            .Resolve(c => new MappedResult<IReadOnlyList<EpochPerformance>?, List<CommissionChange>>(
                RequestLoaders.Of(c).EpochPerformance.Load(c.Source.Id), static p =>
                {
                    var changes = new List<CommissionChange>();
                    foreach (var e in (p ?? []).Reverse())
                    {
                        if (e.MaxSampledCommission is { } commission && (changes.Count == 0 || changes[^1].CommissionBps != commission.BasisPoints))
                        {
                            changes.Add(new CommissionChange(e.Epoch, commission.BasisPoints));
                        }
                    }

                    return changes;
                }));
        Field<TrustScoreGraphType>("latestTrustScore").Description("The score of the latest completed scoring run.")
            .Resolve(c => RequestLoaders.Of(c).LatestScore.Resolve(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustScoreGraphType>>>>("trustScores").Description("Scores of completed runs, newest first (the latest 100).")
            .Rows(null, StoredSizes.ScoresPerValidator, stored: QueryCost.Stored.CompletedRuns)
            .Resolve(c => new MappedResult<IReadOnlyList<TrustScoreRecord>?, IReadOnlyList<TrustScoreRecord>>(
                RequestLoaders.Of(c).ScoreHistory.Load(c.Source.Id), static h => h is null ? [] : [.. h.Take(StoredSizes.ScoresPerValidator)]));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrustScoreGraphType>>>>("scoreHistory").Description("The latest scores, newest first.")
            .Argument<IntGraphType>("last", a => { a.DefaultValue = 10; a.Description = "How many (1 to 120)."; })
            .Rows("last", 10, stored: QueryCost.Stored.CompletedRuns)
            .Resolve(c =>
            {
                var last = c.GetArgument<int>("last");
                if (last is < 1 or > StoredSizes.ScoreHistoryDepth)
                {
                    throw new ArgumentValidationException("last", "must be between 1 and 120");
                }

                return new MappedResult<IReadOnlyList<TrustScoreRecord>?, List<TrustScoreRecord>>(
                    RequestLoaders.Of(c).ScoreHistory.Load(c.Source.Id), h => (h ?? []).Take(last).ToList());
            });
        Field<NonNullGraphType<StringGraphType>>("createdAt").Description("When SolStake first stored the validator (ISO-8601).")
            .Resolve(c => Iso8601(c.Source.CreatedAt));
        Field<NonNullGraphType<StringGraphType>>("updatedAt").Description("When SolStake last observed the validator (ISO-8601).")
            .Resolve(c => Iso8601(c.Source.UpdatedAt));
    }

    internal static string Iso8601(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}

internal sealed class ValidatorClientGraphType : EnumerationGraphType<SolStake.Scoring.ValidatorClient>
{
    public ValidatorClientGraphType()
    {
        Name = "ValidatorClient";
        Description = "A validator client, as read from the version scheme: AGAVE, JITO_AGAVE, FRANKENDANCER, FIREDANCER, SOLANA_LABS or UNKNOWN.";
    }
}
