using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.Redis;

/// <summary>
/// The Redis server host instances share. Bound from <c>SolStake:Redis</c> (<c>REDIS_URL</c> sets
/// <see cref="ConnectionString"/> in a host that calls <c>AddSolStakeLegacyEnvironmentVariables()</c>).
/// </summary>
public sealed class RedisOptions
{
    /// <summary>The configuration section: <c>SolStake:Redis</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Redis");

    /// <summary>
    /// A <c>redis://[user:password@]host[:port][/db]</c> or <c>rediss://</c> URL, or a StackExchange.Redis
    /// configuration string (<c>host:port,password=...</c>). Required.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether readiness fails while Redis is down (default false). Every instance still answers without Redis (each
    /// caching and counting alone), so an outage is reported as degraded (200): a shared Redis outage does not take
    /// every instance out of the load balancer. Set it when the shared limits must hold.
    /// </summary>
    public bool Required { get; set; }

    /// <summary>Prefix of every key SolStake writes (cache entries, rate-limit logs), so deployments sharing one server stay apart.</summary>
    public string KeyPrefix { get; set; } = "solstake:";
}

internal sealed class RedisOptionsValidator(SolStakeSection<RedisOptions> section) : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{section.Key("ConnectionString")} is required by AddRedis() (environment variable {section.Key("ConnectionString").Replace(":", "__", StringComparison.Ordinal)}, or REDIS_URL in a host that calls AddSolStakeLegacyEnvironmentVariables()).");
        }

        try
        {
            _ = RedisConfiguration.Parse(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return ValidateOptionsResult.Fail($"{section.Key("ConnectionString")} cannot be read: {ex.Message}");
        }
    }
}
