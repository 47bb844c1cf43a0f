using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SolStake.Core.Storage;
using SolStake.GraphQL.Auth;
using SolStake.GraphQL.RateLimiting;

namespace SolStake.Consumer.Tests;

/// <summary>
/// Composition 3: the full service in the team's own ASP.NET Core host (PostgreSQL, Redis, scheduled jobs, the
/// GraphQL API with its cache, JWT auth and rate limit, metrics) plus one endpoint of the team's own.
/// </summary>
public static class TeamHost
{
    public static WebApplication Build(string[] args)
    {
        // <quick-start>
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSolStake()
            .AddPostgresStorage(storage => storage.MigrateOnStart = true) // SolStake:Storage:ConnectionString
            .AddRpcIngestion()                                            // SolStake:Solana:RpcUrl
            .AddScoring()
            .AddJobs()                                                    // SolStake:Jobs:Schedule
            .AddGraphQLApi()                                              // SolStake:GraphQL
            .AddSolStakeJwt()                                             // SolStake:Auth:SecretKey (SolStake's own tokens)
            .AddRedis();                                                  // SolStake:Redis:ConnectionString
        builder.Services.AddHealthChecks().AddSolStakeDatabase().AddSolStakeRedis().AddSolStakeJobs();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddSolStakeInstrumentation().AddPrometheusExporter())
            .WithTracing(tracing => tracing.AddSolStakeInstrumentation());

        var app = builder.Build();
        app.UseRateLimiter();
        app.MapSolStake(); // /graphql, /health, /health/ready, /cache/status, /cache/clear
        app.MapPrometheusScrapingEndpoint("/metrics");

        // The team's own endpoint, behind SolStake's tokens and rate limit.
        app.MapGet("/team/top", async (IScoreReader scores, CancellationToken cancellationToken) =>
            {
                var top = await scores.ValidatorPageAsync(new ValidatorQuery { OrderBy = ValidatorOrder.Score, Limit = 5 }, cancellationToken);
                return top.Select(v => new { v.Validator.VoteAccount, v.Validator.Name, v.LatestScore?.Score, v.LatestScore?.State });
            })
            .RequireAuthorization(SolStakePolicies.Permission(Permissions.ReadScores))
            .RequireRateLimiting(SolStakeRateLimiting.Policy);
        // </quick-start>
        return app;
    }
}
