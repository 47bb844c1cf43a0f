namespace SolStake.GraphQL.RateLimiting;

/// <summary>
/// A sliding-window log every host instance shares (SolStake.Redis). Without one, each instance counts alone.
/// </summary>
internal interface ISharedRateLimitStore
{
    /// <summary>
    /// Counts one request of <paramref name="key"/> at <paramref name="nowMs"/> (Unix milliseconds) against
    /// <paramref name="permitLimit"/> per <paramref name="windowMs"/>; null when the store cannot count now (it logs
    /// why), so that the limiter falls back to this instance's count instead of taking the API down.
    /// </summary>
    Task<RateLimitDecision?> HitAsync(string key, long nowMs, long windowMs, int permitLimit, CancellationToken cancellationToken);
}
