using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core;
using SolStake.GraphQL.Http;
using SolStake.GraphQL.RateLimiting;

// In the namespace of WebApplication, like the Map* methods of ASP.NET Core: a host needs no extra using.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps SolStake's HTTP endpoints. Each needs <c>AddGraphQLApi()</c>.</summary>
public static class SolStakeEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every SolStake endpoint at its default path: <see cref="MapSolStakeHealth"/> (<c>/health</c>),
    /// <see cref="MapSolStakeGraphQL"/> (<c>/graphql</c>) and <see cref="MapSolStakeCache"/> (<c>/cache</c>). Metrics
    /// are the host's to export (<c>AddSolStakeInstrumentation()</c> in SolStake.OpenTelemetry).
    /// </summary>
    public static IEndpointConventionBuilder MapSolStake(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty);
        group.MapSolStakeHealth();
        group.MapSolStakeGraphQL();
        group.MapSolStakeCache();
        return group;
    }

    /// <summary>
    /// Maps <c>GET {pattern}</c> (liveness: <c>{"status":"ok"}</c>) and <c>GET {pattern}/ready</c> (the health checks
    /// tagged <see cref="SolStakeHealth.ReadyTag"/>, as JSON). Never rate limited: load balancers poll them.
    /// </summary>
    public static IEndpointConventionBuilder MapSolStakeHealth(this IEndpointRouteBuilder endpoints, string pattern = "/health")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(pattern);
        group.MapGet(string.Empty, static () => Results.Json(new HealthResponse("ok"), SolStakeApiJsonContext.Default.HealthResponse));
        group.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = static check => check.Tags.Contains(SolStakeHealth.ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return group;
    }

    /// <summary>
    /// Maps the GraphQL endpoint at <paramref name="pattern"/>: <c>POST</c> with a JSON body, <c>GET</c> with query-string
    /// parameters (queries only). Rate limited per client, authenticated with <c>Authorization: Bearer</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapSolStakeGraphQL(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = Limited(endpoints, pattern);
        group.MapPost(string.Empty, GraphQLEndpoint.HandlePostAsync);
        group.MapGet(string.Empty, GraphQLEndpoint.HandleGetAsync);
        return group;
    }

    /// <summary>
    /// Maps <c>GET {pattern}/status</c> (the response cache's size and hit rate) and <c>POST {pattern}/clear</c> (drops
    /// every cached response; needs the <c>admin:system</c> permission). Rate limited per client.
    /// </summary>
    public static IEndpointConventionBuilder MapSolStakeCache(this IEndpointRouteBuilder endpoints, string pattern = "/cache")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = Limited(endpoints, pattern);
        group.MapGet("/status", CacheEndpoints.Status);
        group.MapPost("/clear", CacheEndpoints.ClearAsync);
        return group;
    }

    private static RouteGroupBuilder Limited(IEndpointRouteBuilder endpoints, string pattern)
    {
        // Made now, so that the cache and rate-limit instruments are exported (at zero) from the first scrape.
        _ = endpoints.ServiceProvider.GetRequiredService<SolStake.GraphQL.Telemetry.ApiMetrics>();
        return endpoints.MapGroup(pattern).AddEndpointFilter<RateLimitFilter>();
    }
}
