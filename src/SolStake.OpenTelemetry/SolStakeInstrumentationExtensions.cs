using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SolStake.Core;
using SolStake.Core.Storage;
using SolStake.OpenTelemetry;

namespace OpenTelemetry.Metrics
{
    /// <summary>Adds SolStake's metrics to an OpenTelemetry meter provider.</summary>
    public static class SolStakeMeterProviderBuilderExtensions
    {
        /// <summary>
        /// Collects every SolStake meter (<see cref="SolStakeTelemetry.Wildcard"/>): RPC calls, jobs, the response cache
        /// and rate limiter, and gauges of the stored data (validators by state, the score distribution, the last
        /// sync), which are read from the store in the background every 30 seconds and after each sync or scoring
        /// run, so a scrape never waits on the database. The host chooses the exporter (Prometheus, OTLP, ...).
        /// </summary>
        public static MeterProviderBuilder AddSolStakeInstrumentation(this MeterProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            builder.ConfigureServices(static services =>
            {
                if (services.Any(static d => d.ServiceType == typeof(StoredDataMetrics)))
                {
                    return;
                }

                services.AddMetrics();
                services.TryAddSingleton<StoredDataMetrics>();
                services.AddHostedService(static sp => sp.GetRequiredService<StoredDataMetrics>());
                services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataChangeListener, StoredDataMetrics>(static sp => sp.GetRequiredService<StoredDataMetrics>()));
            });
            return builder.AddMeter(SolStakeTelemetry.Wildcard);
        }
    }
}

namespace OpenTelemetry.Trace
{
    /// <summary>Adds SolStake's traces to an OpenTelemetry tracer provider.</summary>
    public static class SolStakeTracerProviderBuilderExtensions
    {
        /// <summary>
        /// Collects every SolStake trace source (<see cref="SolStakeTelemetry.Wildcard"/>): one span per sync cycle,
        /// parenting its RPC calls, database operations and scoring run. The host chooses the exporter.
        /// </summary>
        public static TracerProviderBuilder AddSolStakeInstrumentation(this TracerProviderBuilder builder)
        {
            ArgumentNullException.ThrowIfNull(builder);
            return builder.AddSource(SolStakeTelemetry.Wildcard);
        }
    }
}
