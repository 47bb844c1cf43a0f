using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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
/// only a retry-after, and RedisRateLimiting has no in-memory fallback for when Redis is down. With Redis every host
/// instance shares one log per client (a sorted set updated by one script); without it the log is in memory.
/// </summary>
internal sealed partial class SlidingWindowLimiter(IOptions<RateLimitOptions> options, TimeProvider time, ILogger<SlidingWindowLimiter> logger, IConnectionMultiplexer? redis = null)
{
    // Drop what left the window, count, add this request when there is room, keep the key only as long as the window.
    private const string Script = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
        local count = redis.call('ZCARD', KEYS[1])
        local allowed = 0
        if count < tonumber(ARGV[3]) then
          redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
          count = count + 1
          allowed = 1
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return { allowed, count, oldest[2] or ARGV[1] }
        """;

    // Clients seen are swept this often, so ones that went away do not keep their logs for ever.
    private const int SweepEvery = 4096;

    private readonly Dictionary<string, Queue<long>> _local = new(StringComparer.Ordinal);
    private int _hitsSinceSweep;

    public async Task<RateLimitDecision> HitAsync(string client, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = (long)o.Window.TotalMilliseconds;
        if (redis is not null)
        {
            try
            {
                var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
                    [new RedisKey(o.KeyPrefix + client)],
                    [now, window, o.PermitLimit, $"{now}-{Guid.NewGuid():N}"]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
                var allowed = (int)result[0] == 1;
                var count = (int)result[1];
                var oldest = (long)(double)result[2];
                return new RateLimitDecision(allowed, o.PermitLimit, Math.Max(0, o.PermitLimit - count), DateTimeOffset.FromUnixTimeMilliseconds(oldest + window));
            }
            catch (RedisException ex)
            {
                // A limiter that cannot count must not take the API down with it: fall back to this instance's count.
                Log.RedisFailed(logger, ex.Message);
            }
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Rate limiting falls back to this instance: Redis failed: {Reason}")]
        public static partial void RedisFailed(ILogger logger, string reason);
    }
}
