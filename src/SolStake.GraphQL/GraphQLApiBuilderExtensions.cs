using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.GraphQL.Loading;
using SolStake.GraphQL.Http;
using SolStake.GraphQL.Schema;

namespace SolStake.GraphQL;

/// <summary>Registers and maps SolStake's HTTP API.</summary>
public static class GraphQLApiBuilderExtensions
{
    /// <summary>Adds the GraphQL schema and its executer. Needs a storage package for the data. Calling it again is harmless.</summary>
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

    /// <summary>Maps <c>GET /health</c>, and <c>POST /graphql</c> and <c>GET /graphql</c>.</summary>
    public static IEndpointConventionBuilder MapSolStake(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(string.Empty);
        group.MapGet("/health", static () => Results.Json(new HealthResponse("ok"), SolStakeApiJsonContext.Default.HealthResponse));
        group.MapPost("/graphql", GraphQLEndpoint.HandlePostAsync);
        group.MapGet("/graphql", GraphQLEndpoint.HandleGetAsync);
        return group;
    }
}
