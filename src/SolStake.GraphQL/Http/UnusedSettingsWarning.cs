using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SolStake.GraphQL.Caching;

namespace SolStake.GraphQL.Http;

/// <summary>
/// Says at start when the configuration names a Redis server that nothing uses: a host that sets <c>REDIS_URL</c> or
/// <c>SolStake:Redis:ConnectionString</c> without calling <c>AddRedis()</c> expects a shared cache and shared limits,
/// and would otherwise get each instance's own without a word.
/// </summary>
internal sealed partial class UnusedSettingsWarning(
    IConfiguration configuration, IServiceProviderIsService services, UnusedSettingsWarning.RedisSection redis, ILogger<UnusedSettingsWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var key = $"{redis.Path}:ConnectionString";
        if (!string.IsNullOrWhiteSpace(configuration[key]) && !services.IsService(typeof(ICacheInvalidationBus)))
        {
            Log.RedisNotAdded(logger, key);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "{Key} (REDIS_URL) is set, but the host did not call AddRedis() (SolStake.Redis): the response cache and rate limits stay in this instance.")]
        public static partial void RedisNotAdded(ILogger logger, string key);
    }

    /// <summary>Where SolStake.Redis would bind its settings, under the root <c>AddSolStake</c> was given.</summary>
    internal sealed record RedisSection(string Path);
}
