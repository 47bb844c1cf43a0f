using System.Security.Claims;
using GraphQL;
using Microsoft.Extensions.DependencyInjection;

namespace SolStake.GraphQL.Auth;

/// <summary>Permission checks for resolvers: anonymous callers get UNAUTHENTICATED, callers without the permission FORBIDDEN.</summary>
internal static class Access
{
    public static void Require(IResolveFieldContext context, string permission)
    {
        var user = Authenticated(context);
        if (!context.RequestServices!.GetRequiredService<Callers>().PermissionsOf(user).Contains(permission))
        {
            throw new ExecutionError($"Forbidden: this needs the '{permission}' permission.") { Code = "FORBIDDEN" };
        }
    }

    /// <summary>The caller's user id, for the audit log and the wallets they track.</summary>
    public static string? UserId(IResolveFieldContext context) => context.User is { } user ? SolStakeClaimTypes.UserIdOf(user) : null;

    private static ClaimsPrincipal Authenticated(IResolveFieldContext context) =>
        context.User is { Identity.IsAuthenticated: true } user
            ? user
            : throw new ExecutionError("Authentication required: send 'Authorization: Bearer <token>'.") { Code = "UNAUTHENTICATED" };
}
