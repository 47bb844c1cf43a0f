using GraphQL.Validation;
using GraphQLParser.AST;

namespace SolStake.GraphQL.Http;

/// <summary>GET requests may be cached and replayed by intermediaries, so they may only run queries (GraphQL over HTTP).</summary>
internal sealed class GetOnlyQueriesRule : ValidationRuleBase
{
    private static readonly INodeVisitor Visitor = new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, context) =>
    {
        if (operation.Operation != OperationType.Query)
        {
            context.ReportError(new ValidationError(context.Document.Source, "GET_ONLY_QUERIES",
                $"A {operation.Operation.ToString().ToLowerInvariant()} cannot be sent with GET; use POST.", operation));
        }
    });

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(Visitor);
}
