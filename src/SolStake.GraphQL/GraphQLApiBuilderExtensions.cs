using Microsoft.Extensions.Configuration;
using GraphQL;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.GraphQL;
using SolStake.GraphQL.Auth;
using SolStake.GraphQL.Caching;
using SolStake.GraphQL.Loading;
using SolStake.GraphQL.RateLimiting;
using SolStake.GraphQL.Schema;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SolStake's HTTP API.</summary>
public static class GraphQLApiBuilderExtensions
{
    /// <summary>
    /// <see cref="AddGraphQLApi(ISolStakeBuilder, Action{GraphQLApiOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:GraphQLApi")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddGraphQLApi(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<GraphQLApiOptions>(configuration).AddGraphQLApi();

    /// <summary>
    /// Adds the GraphQL schema and its executer, the response cache (<c>SolStake:Cache</c>, a HybridCache of SolStake's
    /// own, keyed <see cref="SolStakeCaching.ServiceKey"/>), <see cref="SolStakePolicies"/> over whatever scheme the
    /// host authenticates with (<c>ConfigureAuthorization</c>; SolStake's own tokens are <c>AddSolStakeJwt()</c>), and
    /// per-client rate limiting with the <see cref="SolStakeRateLimiting.Policy"/> policy (<c>SolStake:RateLimit</c>); the
    /// cache and the limits are shared between instances with SolStake.Redis's <c>AddRedis()</c>, in memory otherwise.
    /// The endpoint limits bind from <paramref name="configSectionPath"/> (default <c>SolStake:GraphQL</c>), then
    /// <paramref name="configure"/>. Changes nothing of the host's own: its HybridCache, distributed cache, forwarded
    /// headers and authentication defaults stay as it set them. Needs a storage package for the data; map the endpoints
    /// with <c>MapSolStake()</c> (or one <c>MapSolStake*</c> per feature). Calling it again adds only <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddGraphQLApi(this ISolStakeBuilder builder, Action<GraphQLApiOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!builder.AddSolStakeOptions(GraphQLApiOptions.SectionName, configure, configSectionPath))
        {
            return builder;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphQLApiOptions>, GraphQLApiOptionsValidator>());
        services.AddScoped<RequestLoaders>();
        services.TryAddSingleton<SolStake.GraphQL.Http.ExecutionGate>();

        // Authorization, not authentication: SolStake's policies and fields are satisfied by the claims of whatever
        // scheme the host authenticates with (SolStakeAuthorizationOptions). Its own tokens are opt-in (AddSolStakeJwt).
        services.AddOptions<SolStakeAuthorizationOptions>();
        services.TryAddSingleton<Callers>();
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<SolStakeAuthorizationOptions>>(static (authorization, solStake) => SolStakePolicies.Add(authorization, solStake.Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, PermissionHandler>());

        builder.AddSolStakeOptions<RateLimitOptions>(RateLimitOptions.SectionName, null, null);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        // Both share their state when SolStake.Redis registered its stores (optional constructor parameters), memory otherwise.
        services.TryAddSingleton<SlidingWindowLimiter>();
        services.TryAddSingleton<RateLimitGate>();
        services.AddHttpContextAccessor();
        services.AddRateLimiter(static limiter => limiter.AddPolicy<string, SolStakeRateLimiterPolicy>(SolStakeRateLimiting.Policy));

        builder.AddSolStakeOptions<ResponseCacheOptions>(ResponseCacheOptions.SectionName, null, null);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponseCacheOptions>, ResponseCacheOptionsValidator>());
        // SolStake's own HybridCache, keyed, with its own named options: the host's HybridCache and its options stay the
        // host's. Its second level is the keyed distributed cache below (SolStake.Redis replaces it with Redis); a
        // MemoryDistributedCache there is what HybridCache recognises as "no second level", so without Redis SolStake
        // never writes into the host's IDistributedCache.
        services.AddKeyedHybridCache(SolStakeCaching.ServiceKey, SolStakeCaching.ServiceKey, static _ => { })
            .AddSerializer<SolStake.GraphQL.Caching.CachedAnswer, SolStake.GraphQL.Caching.CachedAnswerSerializer>();
        services.TryAddKeyedSingleton<Microsoft.Extensions.Caching.Distributed.IDistributedCache>(SolStakeCaching.DistributedCacheServiceKey,
            static (_, _) => new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions())));
        // One limit: HybridCache's own (1 MiB by default) would keep larger answers out of the shared level while the
        // response cache counts them as cached.
        services.AddOptions<Microsoft.Extensions.Caching.Hybrid.HybridCacheOptions>(SolStakeCaching.ServiceKey)
            .Configure<IOptions<ResponseCacheOptions>>(static (hybrid, cache) =>
            {
                hybrid.MaximumPayloadBytes = cache.Value.MaxResponseBytes;
                hybrid.DistributedCacheServiceKey = SolStakeCaching.DistributedCacheServiceKey;
            });
        services.TryAddSingleton<GraphQLResponseCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<SolStake.Core.Storage.IDataChangeListener, GraphQLResponseCache>(
            static sp => sp.GetRequiredService<GraphQLResponseCache>()));
        services.TryAddSingleton<StoredSizes>();
        services.AddHostedService(static sp => sp.GetRequiredService<StoredSizes>());
        services.AddHostedService<DataVersionWatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<SolStake.Core.Storage.IDataChangeListener, StoredSizes>(static sp => sp.GetRequiredService<StoredSizes>()));
        services.AddMetrics();
        services.TryAddSingleton<SolStake.GraphQL.Telemetry.ApiMetrics>();
        services.TryAddSingleton(new SolStake.GraphQL.Http.UnusedSettingsWarning.RedisSection(builder.SectionPath(SolStakeConfiguration.Section("Redis"))));
        services.AddHostedService<SolStake.GraphQL.Http.UnusedSettingsWarning>();
        // MapSolStakeHealth serves /health/ready from the checks a host adds (AddSolStakeDatabase, ...).
        services.AddHealthChecks();
        services.TryAddSingleton<SolStake.GraphQL.Http.ReadinessLog>();
        services.AddGraphQL(graphql => graphql
            .AddSchema<SolStakeSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(SolStakeSchema).Assembly)
            .AddComplexityAnalyzer((complexity, sp) =>
            {
                var options = sp.GetRequiredService<IOptions<GraphQLApiOptions>>().Value;
                complexity.MaxDepth = options.MaxDepth;
                // The limit is checked by QueryCost.Check, whose error says the cost, the limit and what to change.
                complexity.MaxComplexity = null;
                complexity.DefaultComplexityImpactDelegate = QueryCost.Default;
                var (anonymous, signedIn) = (options.MaxComplexity, options.AuthenticatedMaxComplexity);
                complexity.ValidateComplexityDelegate = context => QueryCost.Check(context, anonymous, signedIn);
            }));
        return builder;
    }

    /// <summary>
    /// <see cref="AddSolStakeJwt(ISolStakeBuilder, Action{AuthOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:Auth")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddSolStakeJwt(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<AuthOptions>(configuration).AddSolStakeJwt();

    /// <summary>
    /// Adds SolStake's own tokens, the earlier design's: the <see cref="SolStakeAuthentication.Scheme"/> scheme
    /// (<c>Authorization: Bearer</c>, HS256, beside the host's schemes and never their default), listed in
    /// <see cref="SolStakeAuthorizationOptions.AuthenticationSchemes"/>, and <see cref="JwtTokens"/> to issue them.
    /// Options bind from <paramref name="configSectionPath"/> (default <c>SolStake:Auth</c>; outside Development
    /// <see cref="AuthOptions.SecretKey"/> is required), then <paramref name="configure"/>. A host that authenticates its
    /// users itself does not call it. Calling it again adds only <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddSolStakeJwt(this ISolStakeBuilder builder, Action<AuthOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!builder.AddSolStakeOptions(AuthOptions.SectionName, configure, configSectionPath))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JwtTokens>();
        // Beside the host's schemes, not the default: SolStake's endpoints and policies name it.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, SolStakeAuthenticationHandler>(SolStakeAuthentication.Scheme, null);
        services.Configure<SolStakeAuthorizationOptions>(static o =>
        {
            if (!o.AuthenticationSchemes.Contains(SolStakeAuthentication.Scheme))
            {
                o.AuthenticationSchemes.Add(SolStakeAuthentication.Scheme);
            }
        });
        return builder;
    }

    /// <summary>
    /// Configures how SolStake finds its callers and their permissions (<see cref="SolStakeAuthorizationOptions"/>): the
    /// schemes to authenticate with, and a mapping from the host's claims to SolStake's <see cref="Permissions"/>.
    /// </summary>
    public static ISolStakeBuilder ConfigureAuthorization(this ISolStakeBuilder builder, Action<SolStakeAuthorizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
