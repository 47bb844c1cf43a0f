using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.GraphQL.Auth;
using SolStake.GraphQL.Caching;

namespace SolStake.GraphQL.Http;

internal sealed record CacheStatusResponse(string Status, CacheStatusBody Cache);

internal sealed record CacheStatusBody(int TotalKeys, string MemoryUsage, double? HitRate);

internal sealed record CacheClearResponse(bool Success, string Message, DateTimeOffset Timestamp);

internal sealed record ErrorResponse(string Error, string Message);

/// <summary><c>GET /cache/status</c> (public, as in the earlier design) and <c>POST /cache/clear</c> (<c>admin:system</c>).</summary>
internal static class CacheEndpoints
{
    public static IResult Status(GraphQLResponseCache cache)
    {
        var status = cache.Status();
        return Results.Json(new CacheStatusResponse("ok", new CacheStatusBody(status.TotalKeys, status.MemoryUsage, status.HitRate)),
            SolStakeApiJsonContext.Default.CacheStatusResponse);
    }

    public static async Task<IResult> ClearAsync(HttpContext http, GraphQLResponseCache cache, JwtTokens tokens, TimeProvider time)
    {
        var (user, failure) = await tokens.ValidateRequestAsync(http).ConfigureAwait(false);
        if (user is null)
        {
            return Results.Json(new ErrorResponse("Unauthorized", $"Authentication required: {failure ?? "send 'Authorization: Bearer <token>'"}."),
                SolStakeApiJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!Access.PermissionsOf(user).Contains(Permissions.AdminSystem))
        {
            return Results.Json(new ErrorResponse("Forbidden", $"This needs the '{Permissions.AdminSystem}' permission."),
                SolStakeApiJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status403Forbidden);
        }

        await cache.ClearAsync(http.RequestAborted).ConfigureAwait(false);
        await http.RequestServices.GetRequiredService<IAuditLog>().WriteAsync("cache.clear", user.FindFirst("userId")?.Value, new Dictionary<string, string?> { ["via"] = "POST /cache/clear" }, http.RequestAborted)
            .ConfigureAwait(false);
        return Results.Json(new CacheClearResponse(true, "Cache cleared.", time.GetUtcNow()), SolStakeApiJsonContext.Default.CacheClearResponse);
    }
}
