using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SolStake.GraphQL.Caching;
using SolStake.GraphQL.RateLimiting;
using StackExchange.Redis;

namespace SolStake.Redis;

/// <summary>The one connection to the shared Redis server, made on first use.</summary>
internal sealed class SolStakeRedis(IOptions<RedisOptions> options) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection = new(() =>
    {
        var config = RedisConfiguration.Parse(options.Value.ConnectionString!);
        // Start even while Redis is down; it reconnects when Redis is back.
        config.AbortOnConnectFail = false;
        // While Redis is down, commands fail at once (and callers fall back) instead of queueing until a timeout.
        config.BacklogPolicy = BacklogPolicy.FailFast;
        return ConnectionMultiplexer.Connect(config);
    });

    public IConnectionMultiplexer Connection => _connection.Value;

    public string KeyPrefix => options.Value.KeyPrefix;

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
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
            var result = (RedisResult[])(await redis.Connection.GetDatabase().ScriptEvaluateAsync(Script,
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
            Log.RateLimitFailed(logger, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Rate limiting falls back to this instance: Redis failed: {Reason}")]
        public static partial void RateLimitFailed(ILogger logger, string reason);
    }
}

/// <summary>Cache invalidations on a Redis channel, so every instance drops its in-memory copies.</summary>
internal sealed partial class RedisInvalidationBus(SolStakeRedis redis, ILogger<RedisInvalidationBus> logger) : ICacheInvalidationBus
{
    private RedisChannel Channel => RedisChannel.Literal(redis.KeyPrefix + "cache:invalidate");

    public void Subscribe(Action onInvalidated)
    {
        try
        {
            redis.Connection.GetSubscriber().Subscribe(Channel, (_, _) => onInvalidated());
        }
        catch (RedisException ex)
        {
            Log.Failed(logger, "subscribe to invalidations", ex.Message);
        }
    }

    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.Connection.GetSubscriber().PublishAsync(Channel, "all").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            Log.Failed(logger, "tell the other instances", ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Response cache could not {Operation} through Redis: {Reason}")]
        public static partial void Failed(ILogger logger, string operation, string reason);
    }
}

/// <summary>Redis answers PING.</summary>
internal sealed class RedisHealthCheck(SolStakeRedis redis, IOptions<RedisOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.Connection.GetDatabase().PingAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is a cache and a shared counter here: without it the API still answers, from the database.
            var status = options.Value.Required ? context.Registration.FailureStatus : HealthStatus.Degraded;
            return new HealthCheckResult(status, $"Redis did not answer: {ex.Message}");
        }
    }
}
