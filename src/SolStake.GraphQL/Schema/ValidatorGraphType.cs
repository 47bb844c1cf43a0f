using System.Globalization;
using GraphQL.Types;
using SolStake.Core.Storage;

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
        Field<NonNullGraphType<StringGraphType>>("createdAt").Description("When SolStake first stored the validator (ISO-8601).")
            .Resolve(c => Iso8601(c.Source.CreatedAt));
        Field<NonNullGraphType<StringGraphType>>("updatedAt").Description("When SolStake last observed the validator (ISO-8601).")
            .Resolve(c => Iso8601(c.Source.UpdatedAt));
    }

    internal static string Iso8601(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
