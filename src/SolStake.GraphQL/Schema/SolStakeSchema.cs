using GraphQL;

namespace SolStake.GraphQL.Schema;

internal sealed class SolStakeSchema : global::GraphQL.Types.Schema
{
    public SolStakeSchema(IServiceProvider services, QueryGraphType query, MutationGraphType mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
        // Introspection is answered from the schema in memory (a tool's first query is ~100 KB in a few ms): a tenth
        // of what the same shape over stored data costs, so explorers work where introspection is on.
        this.WithIntrospectionComplexityImpact(0.1);
    }
}
