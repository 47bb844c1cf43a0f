using System.Globalization;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace SolStake.GraphQL.Http;

/// <summary>
/// Stops validation once it has found <see cref="GraphQLEndpoint.MaxErrors"/> errors. GraphQL.NET builds every error a
/// document earns and finds each one's line by scanning the document, so 990 fragment spreads on the wrong type (within
/// every limit counted before validation) cost 113 ms to refuse, for an answer that lists 20 of them. Apollo Server
/// (<c>validationMaxErrors</c>) and Hot Chocolate (<c>MaxAllowedErrors</c>) abort validation the same way; GraphQL.NET
/// has no such option, hence this rule: placed last, it looks at the count as every node is entered and ends the walk
/// with one more error that carries the others.
/// </summary>
internal sealed class ErrorCeilingRule : ValidationRuleBase, INodeVisitor
{
    public static readonly ErrorCeilingRule Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) => new(this);

    public ValueTask EnterAsync(ASTNode node, ValidationContext context)
    {
        var found = context.Errors.Count();
        if (found >= GraphQLEndpoint.MaxErrors)
        {
            throw new ValidationStopped([.. context.Errors]);
        }

        return default;
    }

    public ValueTask LeaveAsync(ASTNode node, ValidationContext context) => default;
}

/// <summary>
/// The error that ends validation. The executer answers an exception thrown during validation with that exception
/// alone, so it carries the errors found before it; <see cref="GraphQLEndpoint"/> lists them ahead of it.
/// </summary>
internal sealed class ValidationStopped : ValidationError
{
    public ValidationStopped(IReadOnlyList<ValidationError> found)
        : base(string.Create(CultureInfo.InvariantCulture, $"Validation stopped after {found.Count} errors; correct these first."))
    {
        Found = found;
        Code = "TOO_MANY_ERRORS";
    }

    public IReadOnlyList<ValidationError> Found { get; }
}
