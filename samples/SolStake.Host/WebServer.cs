using System.Globalization;
using SolStake.GraphQL;

namespace SolStake.Host;

internal static class WebServer
{
    /// <summary>The port the earlier design listened on, kept as the default.</summary>
    private const int DefaultPort = 3007;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var solStake = builder.AddSolStakeHost().AddGraphQLApi();

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

        var app = builder.Build();
        app.MapSolStake();
        return app;
    }
}
