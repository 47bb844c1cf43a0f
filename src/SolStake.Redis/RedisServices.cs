using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.GraphQL.Caching;
using SolStake.GraphQL.RateLimiting;
using StackExchange.Redis;

namespace SolStake.Redis;

/// <summary>
/// The one connection to the shared Redis server, made asynchronously on first use: nothing waits for Redis in a
/// constructor or at the host's start, and an unreachable Redis costs the first caller its connect attempt only.
/// </summary>
internal sealed class SolStakeRedis(IOptions<RedisOptions> options) : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connection = new(async () =>
    {
        var config = RedisConfiguration.Parse(options.Value.ConnectionString!);
        // Start even while Redis is down; it reconnects when Redis is back.
        config.AbortOnConnectFail = false;
        // While Redis is down, commands fail at once (and callers fall back) instead of queueing until a timeout.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        return await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
    });

    public Task<IConnectionMultiplexer> ConnectAsync() => _connection.Value;

    public string KeyPrefix => options.Value.KeyPrefix;

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await _connection.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The rate limiter's sliding-window log in a Redis sorted set, shared by every instance.</summary>
internal sealed partial class RedisRateLimitStore(SolStakeRedis redis, ILogger<RedisRateLimitStore> logger) : ISharedRateLimitStore
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

    public async Task<RateLimitDecision?> HitAsync(string key, long nowMs, long windowMs, int permitLimit, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await redis.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var result = (RedisResult[])(await connection.GetDatabase().ScriptEvaluateAsync(Script,
                [new RedisKey(key)],
                [nowMs, windowMs, permitLimit, $"{nowMs}-{Guid.NewGuid():N}"]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
            var allowed = (int)result[0] == 1;
            var count = (int)result[1];
            var oldest = (long)(double)result[2];
            return new RateLimitDecision(allowed, permitLimit, Math.Max(0, permitLimit - count), DateTimeOffset.FromUnixTimeMilliseconds(oldest + windowMs));
        }
        catch (RedisException ex)
        {
            // A limiter that cannot count must not take the API down with it: the caller falls back to its own count.
            Log.RateLimitFailed(logger, ex);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Rate limiting falls back to this instance: Redis failed")]
        public static partial void RateLimitFailed(ILogger logger, Exception exception);
    }
}

/// <summary>Cache invalidations on a Redis channel, so every instance drops its in-memory copies.</summary>
internal sealed partial class RedisInvalidationBus(SolStakeRedis redis, ILogger<RedisInvalidationBus> logger) : ICacheInvalidationBus
{
    private RedisChannel Channel => RedisChannel.Literal(redis.KeyPrefix + "cache:invalidate");

    // Subscribes in the background: the cache that asks is made while the host starts, which must not wait for Redis.
    public void Subscribe(Action onInvalidated) => _ = SubscribeAsync(onInvalidated);

    private async Task SubscribeAsync(Action onInvalidated)
    {
        try
        {
            var connection = await redis.ConnectAsync().ConfigureAwait(false);
            await connection.GetSubscriber().SubscribeAsync(Channel, (_, _) => onInvalidated()).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            Log.Failed(logger, "subscribe to invalidations", ex);
        }
    }

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await redis.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await connection.GetSubscriber().PublishAsync(Channel, "all").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            Log.Failed(logger, "tell the other instances", ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Response cache could not {Operation} through Redis")]
        public static partial void Failed(ILogger logger, string operation, Exception exception);
    }
}

/// <summary>Redis answers PING.</summary>
internal sealed class RedisHealthCheck(SolStakeRedis redis, IOptions<RedisOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await redis.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is a cache and a shared counter here: without it the API still answers, from the database.
            var status = options.Value.Required ? context.Registration.FailureStatus : HealthStatus.Degraded;
            // The exception goes to the readiness log (HealthReportWriter), never to an anonymous caller.
            return new HealthCheckResult(status, "Redis did not answer.", ex);
        }
    }
}
