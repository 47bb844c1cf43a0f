using System.Globalization;
using Quartz.Diagnostics;
using SolStake.GraphQL;
using SolStake.GraphQL.Telemetry;

namespace SolStake.Host;

internal static class WebServer
{
    /// <summary>The port the earlier design listened on, kept as the default.</summary>
    private const int DefaultPort = 3007;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var solStake = builder.AddSolStakeHost(runScheduler: true)
            .AddGraphQLApi()
            .AddTelemetry([QuartzInstrumentation.MeterName], [QuartzInstrumentation.ActivitySourceName]);

        // REDIS_URL (SolStake:Cache:RedisUrl) shares the response cache and rate-limit counts between instances.
        if (builder.Configuration["SolStake:Cache:RedisUrl"] is { Length: > 0 } redisUrl)
        {
            solStake.AddRedis(redisUrl);
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
        return app;
    }
}
