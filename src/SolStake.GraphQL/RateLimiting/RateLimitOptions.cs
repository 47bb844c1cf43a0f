using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.GraphQL.RateLimiting;

/// <summary>Request limits per client. Bound from <c>SolStake:RateLimit</c>; the Redis server is <c>REDIS_URL</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section: <c>SolStake:RateLimit</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("RateLimit");

    /// <summary>Whether requests are limited.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client may make per window.</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 100;

    /// <summary>The sliding window.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Prefix of the Redis keys, so deployments sharing one Redis server count apart.</summary>
    [Required]
    public string KeyPrefix { get; set; } = "solstake:ratelimit:";
}

[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;

