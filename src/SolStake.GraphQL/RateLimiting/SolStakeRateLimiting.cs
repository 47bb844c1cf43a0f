namespace SolStake.GraphQL.RateLimiting;

/// <summary>
/// SolStake's per-client rate limit, for a host's own endpoints: <c>app.UseRateLimiter()</c>, then
/// <c>.RequireRateLimiting(SolStakeRateLimiting.Policy)</c>. Such endpoints count against the same window as
/// SolStake's (<c>SolStake:RateLimit</c>, shared between instances with SolStake.Redis) and answer alike: the
/// <c>X-RateLimit-*</c> headers, and a 429 with <c>Retry-After</c> when the window is full.
/// </summary>
public static class SolStakeRateLimiting
{
    /// <summary>The policy name: <c>SolStake</c>.</summary>
    public const string Policy = "SolStake";
}
