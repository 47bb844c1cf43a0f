using GraphQL;
using Microsoft.AspNetCore.Authentication;
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
    /// Adds the GraphQL schema and its executer, the response cache (<c>SolStake:Cache</c>), the
    /// <see cref="SolStakeAuthentication.Scheme"/> authentication scheme with its <see cref="SolStakePolicies"/>
    /// (<c>SolStake:Auth</c>), and per-client rate limiting with the <see cref="SolStakeRateLimiting.Policy"/> policy
    /// (<c>SolStake:RateLimit</c>); the cache and the limits are shared between instances with SolStake.Redis's
    /// <c>AddRedis()</c>, in memory otherwise. The endpoint limits bind from <paramref name="configSectionPath"/>
    /// (default <c>SolStake:GraphQL</c>), then <paramref name="configure"/>. Needs a storage package for the data;
    /// map the endpoints with <c>MapSolStake()</c> (or one <c>MapSolStake*</c> per feature). Calling it again adds
    /// only <paramref name="configure"/>.
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

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.TryAddSingleton<JwtTokens>();
        // Beside the host's schemes, not the default: SolStake's endpoints and policies name it.
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, SolStakeAuthenticationHandler>(SolStakeAuthentication.Scheme, null);
        services.AddAuthorization(SolStakePolicies.Add);

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, TrustedProxiesValidator>());
        // Both share their state when SolStake.Redis registered its stores (optional constructor parameters), memory otherwise.
        services.TryAddSingleton<SlidingWindowLimiter>();
        services.TryAddSingleton<RateLimitGate>();
        services.AddOptions<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>()
            .Configure<IOptions<RateLimitOptions>>(static (forwarded, limits) => TrustedProxiesStartupFilter.ConfigureForwardedHeaders(forwarded, limits.Value));
        services.TryAddEnumerable(ServiceDescriptor.Transient<Microsoft.AspNetCore.Hosting.IStartupFilter, TrustedProxiesStartupFilter>());
        services.AddHttpContextAccessor();
        services.AddRateLimiter(static limiter => limiter.AddPolicy<string, SolStakeRateLimiterPolicy>(SolStakeRateLimiting.Policy));

        services.AddOptions<ResponseCacheOptions>().BindConfiguration(ResponseCacheOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ResponseCacheOptions>, ResponseCacheOptionsValidator>());
        services.AddHybridCache().AddSerializer<SolStake.GraphQL.Caching.CachedAnswer, SolStake.GraphQL.Caching.CachedAnswerSerializer>();
        // One limit: HybridCache's own (1 MiB by default) would keep larger answers out of the shared level while the
        // response cache counts them as cached.
        services.AddOptions<Microsoft.Extensions.Caching.Hybrid.HybridCacheOptions>()
            .Configure<IOptions<ResponseCacheOptions>>(static (hybrid, cache) => hybrid.MaximumPayloadBytes = cache.Value.MaxResponseBytes);
        services.TryAddSingleton<GraphQLResponseCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<SolStake.Core.Storage.IDataChangeListener, GraphQLResponseCache>(
            static sp => sp.GetRequiredService<GraphQLResponseCache>()));
        services.TryAddSingleton<StoredSizes>();
        services.AddHostedService(static sp => sp.GetRequiredService<StoredSizes>());
        services.AddHostedService<DataVersionWatcher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<SolStake.Core.Storage.IDataChangeListener, StoredSizes>(static sp => sp.GetRequiredService<StoredSizes>()));
        services.AddMetrics();
        services.TryAddSingleton<SolStake.GraphQL.Telemetry.ApiMetrics>();
        services.AddHostedService<SolStake.GraphQL.Http.UnusedSettingsWarning>();
        // MapSolStakeHealth serves /health/ready from the checks a host adds (AddSolStakeDatabase, ...).
        services.AddHealthChecks();
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
}
