using SolStake.Core.Configuration;
using SolStake.Core.DependencyInjection;
using SolStake.Ingestion;
using SolStake.Ingestion.Jobs;
using SolStake.Scoring;
using SolStake.Storage;

namespace SolStake.Host;

/// <summary>How the sample host composes the SolStake packages; the web server and every verb share it.</summary>
internal static class SolStakeServices
{
    /// <summary>
    /// Storage, ingestion, scoring and the scheduled jobs. <paramref name="runScheduler"/>: the serving host runs the
    /// jobs; a verb only reads or enqueues (with PostgreSQL, into the store every serving instance shares).
    /// </summary>
    public static ISolStakeBuilder AddSolStakeHost(this IHostApplicationBuilder builder, bool runScheduler)
    {
        builder.Configuration.AddSolStakeLegacyEnvironmentVariables();
        // With PostgreSQL storage, Quartz keeps its clustered store in the same database: instances that share the
        // data share the schedule.
        var postgres = ConfiguredStorageExtensions.ConfiguredPostgresConnectionString(builder.Configuration);
        return builder.Services.AddSolStake()
            .AddConfiguredStorage(builder.Configuration)
            .AddRpcIngestion()
            .AddScoring()
            .AddScheduledJobs(builder.Configuration, jobs => jobs.PostgresConnectionString ??= postgres, runScheduler);
    }
}
