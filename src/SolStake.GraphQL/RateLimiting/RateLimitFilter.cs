using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
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
/// 429 with <c>Retry-After</c> and the earlier design's body. One gate serves SolStake's endpoints (an endpoint filter,
/// so they are limited without the host adding middleware) and the host's own (the <see cref="SolStakeRateLimiting.Policy"/>
/// policy of ASP.NET Core's rate limiter), so both count against the same window.
/// </summary>
internal sealed class RateLimitGate(IOptions<RateLimitOptions> options, SlidingWindowLimiter limiter, TimeProvider time, Telemetry.ApiMetrics metrics)
{
    /// <summary>Counts the request and sets the headers; null when limiting is off.</summary>
    public async Task<RateLimitDecision?> HitAsync(HttpContext http)
    {
        if (!options.Value.Enabled)
        {
            return null;
        }

        // The peer as the host's forwarded-headers middleware left it: behind a proxy the host trusts, the client.
        var client = $"{http.Connection.RemoteIpAddress?.ToString() ?? "unknown"}|{await UserIdAsync(http).ConfigureAwait(false) ?? "anonymous"}";
        var decision = await limiter.HitAsync(client, http.RequestAborted).ConfigureAwait(false);
        var headers = http.Response.Headers;
        headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = decision.ResetAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return decision;
    }

    /// <summary>Whole seconds until a slot frees up, at least one.</summary>
    public long RetryAfterSeconds(RateLimitDecision decision) =>
        Math.Max(1, (long)Math.Ceiling((decision.ResetAt - time.GetUtcNow()).TotalSeconds));

    /// <summary>Answers a refused request: 429, <c>Retry-After</c> and the earlier design's body.</summary>
    public IResult Refuse(HttpContext http, long retryAfter)
    {
        metrics.RateLimited();
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return Results.Json(new RateLimitBody("Too Many Requests", "Rate limit exceeded. Please try again later.", retryAfter),
            RateLimitJsonContext.Default.RateLimitBody, statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static async Task<string?> UserIdAsync(HttpContext http)
    {
        var (user, _) = await http.RequestServices.GetRequiredService<Callers>().AuthenticateAsync(http).ConfigureAwait(false);
        return SolStakeClaimTypes.UserIdOf(user);
    }
}

/// <summary>SolStake's own endpoints: limited by the gate without any middleware.</summary>
internal sealed class RateLimitFilter(RateLimitGate gate) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        return await gate.HitAsync(http).ConfigureAwait(false) is { Allowed: false } refused
            ? gate.Refuse(http, gate.RetryAfterSeconds(refused))
            : await next(context).ConfigureAwait(false);
    }
}

/// <summary>The host's endpoints: <c>RequireRateLimiting(SolStakeRateLimiting.Policy)</c> with <c>app.UseRateLimiter()</c>.</summary>
internal sealed class SolStakeRateLimiterPolicy(RateLimitGate gate, IHttpContextAccessor accessor) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, _) =>
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)) : 1;
        await gate.Refuse(rejected.HttpContext, retryAfter).ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
    };

    // One partition: the window is per client inside the gate, whose count needs the (asynchronously validated) token.
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(SolStakeRateLimiting.Policy, _ => new GateLimiter(gate, accessor));

    /// <summary>Asks the gate on the asynchronous path, where the request is reachable and the shared store can be awaited.</summary>
    private sealed class GateLimiter(RateLimitGate gate, IHttpContextAccessor accessor) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => null;

        // The middleware tries this first and, refused, waits on AcquireAsyncCore: the count happens there, once.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.Refused;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            var http = accessor.HttpContext ?? throw new InvalidOperationException("The SolStake rate-limit policy runs only inside an HTTP request.");
            return await gate.HitAsync(http).ConfigureAwait(false) is { Allowed: false } refused
                ? new Lease(false, TimeSpan.FromSeconds(gate.RetryAfterSeconds(refused)))
                : Lease.Allowed;
        }

        private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
        {
            public static readonly Lease Allowed = new(true, null);
            public static readonly Lease Refused = new(false, null);

            public override bool IsAcquired => acquired;

            public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = retryAfter;
                return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
            }
        }
    }
}
