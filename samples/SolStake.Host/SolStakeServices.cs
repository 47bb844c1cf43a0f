using SolStake.Core.Configuration;
using SolStake.Core.DependencyInjection;
using SolStake.Ingestion;
using SolStake.Scoring;
using SolStake.Storage;

namespace SolStake.Host;

/// <summary>How the sample host composes the SolStake packages; the web server and every verb share it.</summary>
internal static class SolStakeServices
{
    public static ISolStakeBuilder AddSolStakeHost(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddSolStakeLegacyEnvironmentVariables();
        return builder.Services.AddSolStake()
            .AddConfiguredStorage(builder.Configuration)
            .AddRpcIngestion()
            .AddScoring();
    }
}
