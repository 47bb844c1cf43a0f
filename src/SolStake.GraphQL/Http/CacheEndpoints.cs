using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL.Auth;
using SolStake.GraphQL.Caching;

namespace SolStake.GraphQL.Http;

internal sealed record CacheStatusResponse(string Status, CacheStatus Cache);

internal sealed record ErrorResponse(string Error, string Message);

/// <summary><c>GET /cache/status</c> (public, as in the earlier design) and <c>POST /cache/clear</c> (<c>admin:system</c>).</summary>
internal static class CacheEndpoints
{
    public static IResult Status(GraphQLResponseCache cache)
    {
        return Results.Json(new CacheStatusResponse("ok", cache.Status()), SolStakeApiJsonContext.Default.CacheStatusResponse);
    }

    public static async Task<IResult> ClearAsync(HttpContext http, GraphQLResponseCache cache)
    {
        var callers = http.RequestServices.GetRequiredService<Callers>();
        var (user, failure) = await callers.AuthenticateAsync(http).ConfigureAwait(false);
        if (user.Identity is not { IsAuthenticated: true })
        {
            return Results.Json(new ErrorResponse("Unauthorized", $"Authentication required: {failure ?? "send 'Authorization: Bearer <token>'"}."),
                SolStakeApiJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!callers.PermissionsOf(user).Contains(Permissions.AdminSystem))
        {
            return Results.Json(new ErrorResponse("Forbidden", $"This needs the '{Permissions.AdminSystem}' permission."),
                SolStakeApiJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status403Forbidden);
        }

        var result = await cache.ClearForAsync("cache.clear", "Cache cleared.", SolStakeClaimTypes.UserIdOf(user), "POST /cache/clear",
            http.RequestServices.GetRequiredService<IAuditLog>(), http.RequestAborted).ConfigureAwait(false);
        return Results.Json(result, SolStakeApiJsonContext.Default.CacheOperationResult);
    }
}
