using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Schema;

internal sealed class QueryGraphType : ObjectGraphType
{
    public QueryGraphType()
    {
        Name = "Query";

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ValidatorGraphType>>>>("validators")
            .Description("Every stored validator, ordered by vote account.")
            .ResolveAsync(async context =>
                await context.RequestServices!.GetRequiredService<IValidatorStore>().ListValidatorsAsync(context.CancellationToken).ConfigureAwait(false));
    }
}
