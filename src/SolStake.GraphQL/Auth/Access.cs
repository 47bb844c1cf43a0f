using System.Security.Claims;
using GraphQL;

namespace SolStake.GraphQL.Auth;

/// <summary>Permission checks for resolvers: anonymous callers get UNAUTHENTICATED, callers without the permission FORBIDDEN.</summary>
internal static class Access
{
    public static void Require(IResolveFieldContext context, string permission)
    {
        var user = Authenticated(context);
        if (!PermissionsOf(user).Contains(permission))
        {
            throw Forbidden($"this needs the '{permission}' permission");
        }
    }

    public static void RequireRole(IResolveFieldContext context, string role)
    {
        var user = Authenticated(context);
        if (user.FindFirst("role")?.Value != role)
        {
            throw Forbidden($"this needs the '{role}' role");
        }
    }

    /// <summary>The caller's user id, for the audit log.</summary>
    public static string? UserId(IResolveFieldContext context) => context.User?.FindFirst("userId")?.Value;

    /// <summary>The token's permissions; a token without a list has its role's.</summary>
    public static IReadOnlyCollection<string> PermissionsOf(ClaimsPrincipal user)
    {
        var listed = user.FindAll("permissions").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return listed.Count > 0 ? listed : [.. Permissions.OfRole(user.FindFirst("role")?.Value)];
    }

    private static ClaimsPrincipal Authenticated(IResolveFieldContext context) =>
        context.User is { Identity.IsAuthenticated: true } user
            ? user
            : throw new ExecutionError("Authentication required: send 'Authorization: Bearer <token>'.") { Code = "UNAUTHENTICATED" };

    private static ExecutionError Forbidden(string why) => new($"Forbidden: {why}.") { Code = "FORBIDDEN" };
}
