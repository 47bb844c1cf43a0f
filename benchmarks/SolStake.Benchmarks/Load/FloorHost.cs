using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.DependencyInjection;
using SolStake.GraphQL;
using SolStake.Scoring;
using SolStake.Storage;

namespace SolStake.Benchmarks.Load;

/// <summary>
/// The hosts that give the sample host's memory its floor, each run as its own process by the <c>memory</c> mode
/// (<c>--floor</c>): <c>bare</c> is an ASP.NET Core host with the framework's defaults answering a constant, <c>api</c>
/// adds only the SolStake packages that serve the GraphQL API on SQLite (storage, scoring, GraphQL: no jobs,
/// ingestion, dashboard or telemetry). A process maps only the assemblies it uses, so starting them from this program
/// costs nothing of BenchmarkDotNet's. Configured like the sample host, by environment variables.
/// Run: <c>dotnet SolStake.Benchmarks.dll floor-host bare|api --urls http://127.0.0.1:port</c>.
/// </summary>
internal static class FloorHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args[1..]);
        if (args[0] == "api")
        {
            builder.Services.AddSolStake().AddSqliteStorage().AddScoring().AddGraphQLApi();
        }

        var app = builder.Build();
        if (args[0] == "api")
        {
            app.MapSolStake();
        }
        else
        {
            app.MapGet("/health", static () => "ok");
            app.MapPost("/graphql", static () => Results.Text("""{"data":{}}""", "application/json"));
        }

        await app.RunAsync();
        return 0;
    }
}
