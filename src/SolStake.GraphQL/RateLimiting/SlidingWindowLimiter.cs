using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SolStake.GraphQL.RateLimiting;

/// <summary>What the limiter decided for one request.</summary>
/// <param name="Allowed">Whether the request may go on.</param>
/// <param name="Limit">Requests allowed per window.</param>
/// <param name="Remaining">Requests left in the window after this one.</param>
/// <param name="ResetAt">When the oldest counted request leaves the window (a slot frees up).</param>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt);

/// <summary>
/// A sliding-window log per client: the times of its requests in the last window. Written here because the served
/// limiters do not give what the earlier design's <c>X-RateLimit-Remaining</c> and <c>-Reset</c> headers need on
/// every response: System.Threading.RateLimiting's sliding window is segmented (approximate) and its leases report
/// only a retry-after, and RedisRateLimiting has no in-memory fallback for when Redis is down. With a shared store
/// (SolStake.Redis) every host instance shares one log per client; without it, or while it fails, the log is here.
/// </summary>
internal sealed class SlidingWindowLimiter(IOptions<RateLimitOptions> options, TimeProvider time, ISharedRateLimitStore? shared = null)
{
    // Clients seen are swept this often, so ones that went away do not keep their logs for ever.
    private const int SweepEvery = 4096;

    private readonly Dictionary<string, Queue<long>> _local = new(StringComparer.Ordinal);
    private int _hitsSinceSweep;

    public async Task<RateLimitDecision> HitAsync(string client, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = (long)o.Window.TotalMilliseconds;
        if (shared is not null && await shared.HitAsync(o.KeyPrefix + client, now, window, o.PermitLimit, cancellationToken).ConfigureAwait(false) is { } decision)
        {
            return decision;
        }

        lock (_local)
        {
            if (++_hitsSinceSweep >= SweepEvery)
            {
                _hitsSinceSweep = 0;
                Sweep(now - window);
            }

            if (!_local.TryGetValue(client, out var log))
            {
                _local[client] = log = new Queue<long>();
            }

            Expire(log, now - window);
            var allowed = log.Count < o.PermitLimit;
            if (allowed)
            {
                log.Enqueue(now);
            }

            var oldest = log.Count > 0 ? log.Peek() : now;
            return new RateLimitDecision(allowed, o.PermitLimit, Math.Max(0, o.PermitLimit - log.Count), DateTimeOffset.FromUnixTimeMilliseconds(oldest + window));
        }
    }

    /// <summary>How many clients the in-memory log holds.</summary>
    internal int LocalClients
    {
        get
        {
            lock (_local)
            {
                return _local.Count;
            }
        }
    }

    private static void Expire(Queue<long> log, long before)
    {
        while (log.Count > 0 && log.Peek() <= before)
        {
            log.Dequeue();
        }
    }

    private void Sweep(long before)
    {
        foreach (var (client, log) in _local)
        {
            Expire(log, before);
            if (log.Count == 0)
            {
                _local.Remove(client);
            }
        }
    }
}
