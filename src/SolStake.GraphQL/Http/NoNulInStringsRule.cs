using GraphQL.Validation;
using GraphQLParser.AST;

namespace SolStake.GraphQL.Http;

/// <summary>
/// A string argument with a NUL character is refused as <c>BAD_USER_INPUT</c> naming the argument, before anything
/// runs: databases refuse NUL in text (PostgreSQL fails the statement), so it would otherwise surface as a resolver
/// error. Literal values and variables are both checked, at any depth of lists and input objects.
/// </summary>
internal sealed class NoNulInStringsRule : ValidationRuleBase
{
    public static readonly NoNulInStringsRule Instance = new();

    private static readonly INodeVisitor Visitor = new MatchingNodeVisitor<GraphQLArgument>((argument, context) =>
    {
        if (ContainsNul(argument.Value, context))
        {
            context.ReportError(new ValidationError(context.Document.Source, "BAD_USER_INPUT",
                $"Argument '{argument.Name.StringValue}' contains a NUL character, which no text field accepts.", argument)
            {
                Code = "BAD_USER_INPUT",
            });
        }
    });

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(Visitor);

    private static bool ContainsNul(GraphQLValue value, ValidationContext context) => value switch
    {
        GraphQLStringValue s => s.Value.Span.Contains('\0'),
        GraphQLListValue list => list.Values?.Any(v => ContainsNul(v, context)) == true,
        GraphQLObjectValue obj => obj.Fields?.Any(f => ContainsNul(f.Value, context)) == true,
        GraphQLVariable variable => context.Variables is { } inputs && inputs.TryGetValue(variable.Name.StringValue, out var supplied) && ContainsNul(supplied),
        _ => false,
    };

    private static bool ContainsNul(object? supplied) => supplied switch
    {
        string s => s.Contains('\0', StringComparison.Ordinal),
        IDictionary<string, object?> fields => fields.Values.Any(ContainsNul),
        System.Collections.IEnumerable items => items.Cast<object?>().Any(ContainsNul),
        _ => false,
    };
}
