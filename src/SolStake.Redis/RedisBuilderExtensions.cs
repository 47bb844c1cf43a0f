using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SolStake.Core;
using SolStake.Core.DependencyInjection;
using SolStake.GraphQL.Caching;
using SolStake.GraphQL.RateLimiting;
using SolStake.Redis;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the API's state between host instances through Redis.</summary>
public static class RedisBuilderExtensions
{
    /// <summary>
    /// <see cref="AddRedis(ISolStakeBuilder, Action{RedisOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:Redis")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddRedis(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<RedisOptions>(configuration).AddRedis();

    /// <summary>
    /// Connects to Redis for the state every host instance shares: the response cache's second level (HybridCache over
    /// <c>IDistributedCache</c>) and its invalidations, and the rate limiter's per-client logs. Options bind from
    /// <paramref name="configSectionPath"/> (default <c>SolStake:Redis</c>; <see cref="RedisOptions.ConnectionString"/>
    /// is required), then <paramref name="configure"/>. The host starts while Redis is down, and the API answers
    /// through an outage (each instance caching and counting alone) until Redis is back. Use with <c>AddGraphQLApi()</c>.
    /// Calling it again adds only <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddRedis(this ISolStakeBuilder builder, Action<RedisOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!builder.AddSolStakeOptions(RedisOptions.SectionName, configure, configSectionPath))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.AddSingleton<SolStakeRedis>();
        services.TryAddSingleton<ISharedRateLimitStore, RedisRateLimitStore>();
        services.TryAddSingleton<ICacheInvalidationBus, RedisInvalidationBus>();
        // SolStake's HybridCache keeps its second level in this keyed distributed cache (SolStakeCaching); the host's own
        // IDistributedCache and RedisCacheOptions, if it has any, are not touched.
        services.RemoveAllKeyed<IDistributedCache>(SolStakeCaching.DistributedCacheServiceKey);
        services.AddKeyedSingleton<IDistributedCache>(SolStakeCaching.DistributedCacheServiceKey, static (sp, _) =>
        {
            var redis = sp.GetRequiredService<SolStakeRedis>();
            return new RedisCache(Microsoft.Extensions.Options.Options.Create(new RedisCacheOptions
            {
                InstanceName = redis.KeyPrefix,
                ConnectionMultiplexerFactory = redis.ConnectAsync,
            }));
        });
        return builder;
    }

    /// <summary>
    /// Checks that Redis answers PING, tagged <see cref="SolStakeHealth.ReadyTag"/> unless <paramref name="tags"/> are
    /// given: degraded while it does not, or <paramref name="failureStatus"/> (unhealthy by default) when
    /// <see cref="RedisOptions.Required"/> is set. Needs <c>AddRedis()</c>.
    /// </summary>
    public static IHealthChecksBuilder AddSolStakeRedis(this IHealthChecksBuilder builder, string name = "solstake-redis", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<RedisHealthCheck>(name, failureStatus, tags ?? [SolStakeHealth.ReadyTag], TimeSpan.FromSeconds(5));
    }
}
