using System.Globalization;
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.GraphQL.Auth;

namespace SolStake.GraphQL.RateLimiting;

internal sealed record RateLimitBody(string Error, string Message, long RetryAfter);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RateLimitBody))]
internal sealed partial class RateLimitJsonContext : JsonSerializerContext;

/// <summary>
/// Limits each client (its address and, with a valid token, its user id) per sliding window; every limited response
/// carries <c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c> (epoch milliseconds), and a refused one is a
/// 429 with <c>Retry-After</c> and the earlier design's body.
/// </summary>
internal sealed class RateLimitFilter(IOptions<RateLimitOptions> options) : IEndpointFilter
{
    // Made once per endpoint, so the proxies are parsed once, not per request.
    private readonly IPAddress[] _trustedProxies = ParseProxies(options.Value.TrustedProxies);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        if (!options.Value.Enabled)
        {
            return await next(context).ConfigureAwait(false);
        }

        var client = $"{ClientAddress(http, _trustedProxies)}|{await UserIdAsync(http, services).ConfigureAwait(false) ?? "anonymous"}";
        var decision = await services.GetRequiredService<SlidingWindowLimiter>().HitAsync(client, http.RequestAborted).ConfigureAwait(false);
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            return await next(context).ConfigureAwait(false);
        }

        services.GetRequiredService<Telemetry.ApiMetrics>().RateLimited();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var retryAfter = Math.Max(1, (long)Math.Ceiling((decision.ResetAt - now).TotalSeconds));
        headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return Results.Json(new RateLimitBody("Too Many Requests", "Rate limit exceeded. Please try again later.", retryAfter),
            RateLimitJsonContext.Default.RateLimitBody, statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The peer's address; <c>X-Forwarded-For</c> counts only when the peer is a trusted proxy.</summary>
    // Validated at start (TrustedProxiesValidator): every entry parses.
    private static IPAddress[] ParseProxies(IEnumerable<string> proxies) => [.. proxies.Select(IPAddress.Parse)];

    internal static string ClientAddress(HttpContext http, IReadOnlyCollection<IPAddress> trusted)
    {
        var peer = http.Connection.RemoteIpAddress;
        if (peer is null)
        {
            return "unknown";
        }

        if (!trusted.Any(t => t.Equals(peer)) || http.Request.Headers["X-Forwarded-For"].ToString() is not { Length: > 0 } forwarded)
        {
            return peer.ToString();
        }

        // The right-most address not added by a trusted proxy is the client.
        foreach (var hop in forwarded.Split(',').Select(h => h.Trim()).Reverse())
        {
            if (IPAddress.TryParse(hop, out var ip) && !trusted.Any(t => t.Equals(ip)))
            {
                return ip.ToString();
            }
        }

        return peer.ToString();
    }

    private static async Task<string?> UserIdAsync(HttpContext http, IServiceProvider services)
    {
        var (user, _) = await services.GetRequiredService<JwtTokens>().ValidateRequestAsync(http).ConfigureAwait(false);
        return user?.FindFirst("userId")?.Value;
    }
}
