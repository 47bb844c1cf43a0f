using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.GraphQL.Caching;

/// <summary>The GraphQL response cache. Bound from <c>SolStake:Cache</c>; the Redis server is <c>REDIS_URL</c>.</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>The configuration section: <c>SolStake:Cache</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Cache");

    /// <summary>Whether query responses are cached.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a response is kept; new validator data or scores drop it at once.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often the stored data's version is read (default 1 s): a change committed by any process (a command-line
    /// verb, another instance, a manual fix) drops the cached responses, and updates the stored sizes the query cost
    /// model counts with, within this time. In-process writes reach both at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan DataVersionCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most memory the responses this instance cached may take (default 64 MiB): past it the oldest are evicted.
    /// <c>cacheStatus</c> and <c>GET /cache/status</c> report it beside what is used.
    /// </summary>
    [Range(64 * 1024, 64L * 1024 * 1024 * 1024)]
    public long MemoryBudgetBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The share of <see cref="MemoryBudgetBytes"/> one caller's responses may take (default 0.25; a caller is a user
    /// id, or the client's address when anonymous): past it the caller's own oldest entries are evicted, so no caller
    /// can push out what the others cached.
    /// </summary>
    [Range(0.01, 1.0)]
    public double MaxCallerShare { get; set; } = 0.25;

    /// <summary>Responses larger than this are not cached.</summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;
}

[OptionsValidator]
internal sealed partial class ResponseCacheOptionsValidator : IValidateOptions<ResponseCacheOptions>;
