using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SolStake.Core;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;

namespace SolStake.GraphQL.Telemetry;

/// <summary>Exports SolStake's metrics and traces with OpenTelemetry.</summary>
public static class TelemetryBuilderExtensions
{
    /// <summary>
    /// Adds OpenTelemetry metrics, exported in Prometheus format at <c>GET /metrics</c> (mapped by
    /// <c>MapSolStake</c>), and tracing: every SolStake meter and trace source (<see cref="SolStakeTelemetry"/>),
    /// ASP.NET Core requests and outgoing HTTP calls, plus the <paramref name="meters"/> and
    /// <paramref name="sources"/> a host adds (the scheduler's, for example). Traces go to an OTLP collector when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; without it they are only made for in-process listeners.
    /// Also keeps gauges of the stored data (validators by state, score distribution, last sync) fresh.
    /// </summary>
    public static ISolStakeBuilder AddTelemetry(this ISolStakeBuilder builder, IEnumerable<string>? meters = null, IEnumerable<string>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(DataSnapshot)))
        {
            return builder;
        }

        var extraMeters = meters?.ToArray() ?? [];
        var extraSources = sources?.ToArray() ?? [];
        services.TryAddSingleton<DataSnapshot>();
        services.AddHostedService(static sp => sp.GetRequiredService<DataSnapshot>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDataChangeListener, DataSnapshot>(static sp => sp.GetRequiredService<DataSnapshot>()));
        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("solstake"))
            .WithMetrics(m =>
            {
                m.AddMeter(SolStakeTelemetry.Wildcard).AddMeter(extraMeters)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
            })
            .WithTracing(t =>
            {
                t.AddSource(SolStakeTelemetry.Wildcard).AddSource(extraSources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = static http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            });
        return builder;
    }
}
