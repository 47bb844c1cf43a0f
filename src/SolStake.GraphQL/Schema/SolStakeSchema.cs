namespace SolStake.GraphQL.Schema;

internal sealed class SolStakeSchema : global::GraphQL.Types.Schema
{
    public SolStakeSchema(IServiceProvider services, QueryGraphType query, MutationGraphType mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
    }
}
