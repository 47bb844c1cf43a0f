using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SolStake.Core.Storage;
using SolStake.Ingestion.Sync;

namespace SolStake.Consumer.Tests;

/// <summary>
/// Composition 2: ingestion and storage on SQLite in a console host, no HTTP: one sync, then the scores through the
/// read interfaces. <paramref name="args"/> carry the settings, as a command line would.
/// </summary>
public static class SyncToSqlite
{
    public static async Task<IReadOnlyList<ValidatorWithScore>> RunAsync(string[] args)
    {
        // <quick-start>
        // Settings come from the usual places: appsettings.json, SolStake__Solana__RpcUrl, --SolStake:Solana:RpcUrl=...
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSolStake()
            .AddSqliteStorage(storage => storage.MigrateOnStart = true)
            .AddRpcIngestion()
            .AddScoring();
        using var host = builder.Build();
        await host.StartAsync(); // applies the migrations

        var sync = await host.Services.GetRequiredService<IValidatorSync>().RunOnceAsync();
        Console.WriteLine($"Epoch {sync.Epoch}: {sync.Stored} validators stored, scoring run {sync.ScoringRunId}.");

        var top = await host.Services.GetRequiredService<IScoreReader>()
            .ValidatorPageAsync(new ValidatorQuery { OrderBy = ValidatorOrder.Score, Limit = 10 });
        foreach (var (validator, score) in top)
        {
            Console.WriteLine($"{validator.VoteAccount} {validator.Name} {score?.State} {score?.Score}");
        }

        await host.StopAsync();
        // </quick-start>
        return top;
    }
}
