using System.Globalization;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quartz.Diagnostics;

namespace SolStake.Host;

internal static class WebServer
{
    /// <summary>The port the earlier design listened on, kept as the default.</summary>
    private const int DefaultPort = 3007;

    /// <summary>
    /// The proxies this host believes <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from
    /// (<c>SolStake:RateLimit:TrustedProxies</c>, the earlier deployments' key): ASP.NET Core's forwarded-headers
    /// middleware, configured here by the host, as every host that embeds SolStake does for itself. From anyone else
    /// the headers are ignored; with none configured the middleware is not added.
    /// </summary>
    private static List<System.Net.IPAddress> TrustedProxies(ConfigurationManager configuration)
    {
        const string key = "SolStake:RateLimit:TrustedProxies";
        var listed = configuration.GetSection(key).Get<string[]>() ?? [];
        var bad = listed.Where(p => !System.Net.IPAddress.TryParse(p, out _)).ToList();
        if (bad.Count > 0)
        {
            // A typo would silently stop believing that proxy's forwarded addresses.
            throw new Microsoft.Extensions.Options.OptionsValidationException(key, typeof(Microsoft.AspNetCore.Builder.ForwardedHeadersOptions),
                [$"{key} holds {string.Join(", ", bad.Select(b => $"'{b}'"))}, which is not an IP address."]);
        }

        return [.. listed.Select(System.Net.IPAddress.Parse)];
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // SolStake's own tokens (the earlier design's JWT_SECRET_KEY): this host has no authentication of its own.
        var solStake = builder.AddSolStakeHost().AddGraphQLApi().AddSolStakeJwt().AddDashboard();
        var proxies = TrustedProxies(builder.Configuration);
        // One uncached query executing per two cores, unless configured: an uncached list is CPU work in this process
        // (SQLite, the execution, the serialiser), so more at once mostly keeps more of them live on the heap. On 2
        // cores, 16 connections: peak 187 MB at 51 requests/s, against 240 MB at 59 with 2 at once
        // (benchmarks/results/host-memory-2026-11-29.md): a sixth of the throughput for staying under 200 MB.
        builder.Services.PostConfigure<SolStake.GraphQL.GraphQLApiOptions>(static o => o.MaxConcurrentExecutions ??= Math.Max(1, Environment.ProcessorCount / 2));
        var health = builder.Services.AddHealthChecks().AddSolStakeDatabase().AddSolStakeJobs();

        // With a Redis server configured (SolStake:Redis, or REDIS_URL), instances share the response cache and the
        // rate-limit counts.
        if (builder.Configuration.GetSection("SolStake:Redis").Exists())
        {
            solStake.AddRedis();
            health.AddSolStakeRedis();
        }

        // Metrics at /metrics (Prometheus), traces to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set.
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(static r => r.AddService("solstake"))
            .WithMetrics(static m => m
                // Each metric stream allocates its cardinality limit of points up front (2,000 by default: 6 MB
                // across the host's 41 streams, held for the process's life). The host's streams have tens of
                // attribute combinations (routes, methods, status codes, jobs), so 200 each leaves a wide margin.
                .AddView(static _ => new MetricStreamConfiguration { CardinalityLimit = 200 })
                .AddSolStakeInstrumentation()
                .AddMeter(QuartzInstrumentation.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(t =>
            {
                t.AddSolStakeInstrumentation()
                    .AddSource(QuartzInstrumentation.ActivitySourceName)
                    .AddAspNetCoreInstrumentation(static o => o.Filter = static http =>
                        !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    t.AddOtlpExporter();
                }
            });

        if (proxies.Count > 0)
        {
            builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(forwarded =>
            {
                forwarded.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
                // Exactly the configured proxies (the defaults trust loopback); every hop they added is read.
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                forwarded.ForwardLimit = null;
                foreach (var proxy in proxies)
                {
                    forwarded.KnownProxies.Add(proxy);
                }
            });
        }

        // PORT (or SolStake:Http:Port) keeps the earlier deployments working; explicit ASP.NET URLs win over it.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            var port = builder.Configuration.GetValue<int?>("SolStake:Http:Port");
            builder.WebHost.UseUrls(port is { } p
                ? string.Create(CultureInfo.InvariantCulture, $"http://0.0.0.0:{p}")
                : string.Create(CultureInfo.InvariantCulture, $"http://localhost:{DefaultPort}"));
        }

        // Browsers may call the API only from the configured origins (none by default).
        var origins = builder.Configuration.GetSection("SolStake:Http:CorsOrigins").Get<string[]>() ?? [];
        if (origins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins(origins)
                .WithMethods("GET", "POST")
                .WithHeaders("Authorization", "Content-Type")
                .WithExposedHeaders("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "X-Cache")));
        }

        var app = builder.Build();

        // First in the pipeline, so logs, HTTPS redirection and the rate limiter all see the same client.
        if (proxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        // Outside Development, plain HTTP is redirected and HTTPS answers carry HSTS, unless a TLS-terminating proxy
        // in front does that (SolStake:Http:BehindTlsProxy). Health probes stay on plain HTTP: orchestrators send them so.
        if (!app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("SolStake:Http:BehindTlsProxy"))
        {
            app.UseWhen(static http => !http.Request.Path.StartsWithSegments("/health"), static branch => branch.UseHsts().UseHttpsRedirection());
        }

        if (origins.Length > 0)
        {
            app.UseCors();
        }

        app.MapSolStake();
        // The dashboard at /, and GraphiQL for a browser opening /graphql (where introspection is on).
        app.MapSolStakeDashboard();
        // Not rate limited: scrapers poll it. A read: GET (and HEAD) only.
        app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["GET", "HEAD"]));
        return app;
    }
}
