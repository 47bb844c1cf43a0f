using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.GraphQL.Http;
using SolStake.GraphQL.Loading;
using SolStake.GraphQL.Schema;

namespace SolStake.GraphQL;

/// <summary>Registers and maps SolStake's HTTP API.</summary>
public static class GraphQLApiBuilderExtensions
{
    private const string ReadyTag = SolStake.Core.SolStakeHealth.ReadyTag;

    /// <summary>
    /// Adds the GraphQL schema and its executer, JWT authentication and rate limiting (in Redis when an
    /// <c>IConnectionMultiplexer</c> is registered, see <see cref="AddRedis"/>). Needs a storage package for the data.
    /// Calling it again is harmless.
    /// </summary>
    public static ISolStakeBuilder AddGraphQLApi(this ISolStakeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(SolStakeSchema)))
        {
            return builder;
        }

        builder.Services.AddOptions<GraphQLApiOptions>().BindConfiguration(GraphQLApiOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphQLApiOptions>, GraphQLApiOptionsValidator>());
        builder.Services.AddScoped<RequestLoaders>();
        builder.Services.AddOptions<Auth.AuthOptions>().BindConfiguration(Auth.AuthOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Auth.AuthOptions>, Auth.AuthOptionsValidator>());
        builder.Services.TryAddSingleton<Auth.JwtTokens>();
        builder.Services.AddOptions<RateLimiting.RateLimitOptions>().BindConfiguration(RateLimiting.RateLimitOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimiting.RateLimitOptions>, RateLimiting.RateLimitOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimiting.RateLimitOptions>, RateLimiting.TrustedProxiesValidator>());
        // Both take Redis when AddRedis registered it (an optional constructor parameter), memory otherwise.
        builder.Services.TryAddSingleton<RateLimiting.SlidingWindowLimiter>();
        builder.Services.AddOptions<Caching.ResponseCacheOptions>().BindConfiguration(Caching.ResponseCacheOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Caching.ResponseCacheOptions>, Caching.ResponseCacheOptionsValidator>());
        builder.Services.AddHybridCache();
        builder.Services.TryAddSingleton<Caching.GraphQLResponseCache>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<SolStake.Core.Storage.IDataChangeListener, Caching.GraphQLResponseCache>(
            static sp => sp.GetRequiredService<Caching.GraphQLResponseCache>()));
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<Telemetry.ApiMetrics>();
        // MapSolStake serves /health/ready; the checks come from the packages that own what they check.
        builder.Services.AddHealthChecks();
        builder.Services.AddGraphQL(graphql => graphql
            .AddSchema<SolStakeSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(SolStakeSchema).Assembly)
            .AddComplexityAnalyzer((complexity, services) =>
            {
                var options = services.GetRequiredService<IOptions<GraphQLApiOptions>>().Value;
                complexity.MaxDepth = options.MaxDepth;
                complexity.MaxComplexity = options.MaxComplexity;
            }));
        return builder;
    }

    /// <summary>
    /// Connects to Redis (<c>REDIS_URL</c>, <c>redis://host:port</c>, or a StackExchange.Redis configuration string), for
    /// state every host instance shares. Without it, that state stays in each instance.
    /// </summary>
    public static ISolStakeBuilder AddRedis(this ISolStakeBuilder builder, string redisUrl)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(redisUrl);
        if (builder.Services.Any(d => d.ServiceType == typeof(StackExchange.Redis.IConnectionMultiplexer)))
        {
            return builder;
        }

        var config = RedisConfiguration.Parse(redisUrl);
        builder.Services.TryAddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ =>
        {
            // Start even while Redis is down; it reconnects when Redis is back.
            config.AbortOnConnectFail = false;
            // While Redis is down, commands fail at once (and callers fall back) instead of queueing until a timeout.
            config.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
            return StackExchange.Redis.ConnectionMultiplexer.Connect(config);
        });
        builder.Services.AddHealthChecks().AddCheck<Http.RedisHealthCheck>("redis", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        // HybridCache finds this distributed cache and keeps the response cache's second level in Redis.
        builder.Services.AddStackExchangeRedisCache(static _ => { });
        builder.Services.AddOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>()
            .Configure<IServiceProvider>(static (o, sp) =>
            {
                o.InstanceName = "solstake:";
                o.ConnectionMultiplexerFactory = () => Task.FromResult(sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>());
            });
        return builder;
    }

    /// <summary>
    /// Maps <c>GET /health</c>, <c>GET /health/ready</c>, <c>POST</c> and <c>GET /graphql</c>, <c>GET /cache/status</c>,
    /// <c>POST /cache/clear</c>, and with <see cref="Telemetry.TelemetryBuilderExtensions.AddTelemetry"/>, <c>GET /metrics</c>
    /// (Prometheus; not rate limited: scrapers poll it).
    /// </summary>
    public static IEndpointConventionBuilder MapSolStake(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty);
        // Health is never limited: load balancers and orchestrators poll it.
        group.MapGet("/health", static () => Results.Json(new HealthResponse("ok"), SolStakeApiJsonContext.Default.HealthResponse));
        group.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(ReadyTag),
            ResponseWriter = Http.HealthReportWriter.WriteAsync,
        });
        if (endpoints.ServiceProvider.GetService<Telemetry.DataSnapshot>() is not null)
        {
            // Made now, so that the cache and rate-limit instruments are exported (at zero) from the first scrape.
            _ = endpoints.ServiceProvider.GetRequiredService<Telemetry.ApiMetrics>();
            endpoints.MapPrometheusScrapingEndpoint("/metrics");
        }

        var limited = group.MapGroup(string.Empty).AddEndpointFilter<RateLimiting.RateLimitFilter>();
        limited.MapPost("/graphql", GraphQLEndpoint.HandlePostAsync);
        limited.MapGet("/graphql", GraphQLEndpoint.HandleGetAsync);
        limited.MapGet("/cache/status", CacheEndpoints.Status);
        limited.MapPost("/cache/clear", CacheEndpoints.ClearAsync);
        return group;
    }
}
