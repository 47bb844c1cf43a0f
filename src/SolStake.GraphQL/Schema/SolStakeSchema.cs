namespace SolStake.GraphQL.Schema;

internal sealed class SolStakeSchema : global::GraphQL.Types.Schema
{
    public SolStakeSchema(IServiceProvider services, QueryGraphType query)
        : base(services)
    {
        Query = query;
    }
}
