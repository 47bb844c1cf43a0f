using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SolStake.Consumer.Tests;

/// <summary>
/// Composition 4: the API and the dashboard on the embedded database, the pages at a path of the team's choosing and
/// the team's own page at the root.
/// </summary>
public static class DashboardHost
{
    public static WebApplication Build(string[] args)
    {
        // <quick-start>
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSolStake()
            .AddSqliteStorage(storage => storage.MigrateOnStart = true) // SolStake:Storage:ConnectionString
            .AddRpcIngestion()                                          // SolStake:Solana:RpcUrl
            .AddScoring()
            .AddGraphQLApi()                                            // SolStake:GraphQL
            .AddSolStakeJwt()                                           // SolStake:Auth:SecretKey (SolStake's own tokens)
            .AddDashboard();                                            // SolStake:Dashboard

        var app = builder.Build();
        app.MapSolStakeGraphQL();               // /graphql: the API the pages read (and GraphiQL for a browser, where introspection is on)
        app.MapSolStakeDashboard("/dashboard"); // the ranking, validator, cluster and wallet pages
        app.MapGet("/", () => Results.Redirect("/dashboard"));
        // </quick-start>
        return app;
    }
}
