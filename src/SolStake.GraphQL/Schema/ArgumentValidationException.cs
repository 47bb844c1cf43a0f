using GraphQL;

namespace SolStake.GraphQL.Schema;

/// <summary>A bad argument: a GraphQL error with code <c>BAD_USER_INPUT</c> that names the argument.</summary>
internal sealed class ArgumentValidationException : ExecutionError
{
    public ArgumentValidationException(string argument, string problem)
        : base($"Argument '{argument}' {problem}.")
    {
        Code = "BAD_USER_INPUT";
    }
}
