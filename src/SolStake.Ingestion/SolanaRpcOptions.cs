using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SolStake.Core.Configuration;
using SolStake.Core.DependencyInjection;

namespace SolStake.Ingestion;

/// <summary>How SolStake reaches Solana RPC. Bound from <c>SolStake:Solana</c>; <c>SOLANA_RPC_URL</c> sets <see cref="RpcUrl"/>.</summary>
public sealed class SolanaRpcOptions
{
    /// <summary>The configuration section: <c>SolStake:Solana</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Solana");

    /// <summary>The public mainnet-beta endpoint, the default.</summary>
    public static readonly Uri MainnetBeta = new("https://api.mainnet-beta.solana.com");

    /// <summary>
    /// The JSON-RPC endpoint (<c>SOLANA_RPC_URL</c>). A folder path (or <c>file:</c> URI) instead replays the
    /// recordings in that folder, offline.
    /// </summary>
    [Required]
    public Uri RpcUrl { get; set; } = MainnetBeta;

    /// <summary>Replay recorded calls from this folder instead of calling RPC (also set by a folder in <see cref="RpcUrl"/>).</summary>
    public string? ReplayDirectory { get; set; }

    /// <summary>Save every RPC call (method, params, status, body) to this folder, in the layout replay reads.</summary>
    public string? RecordDirectory { get; set; }

    /// <summary>The folder calls are replayed from, or null when SolStake calls RPC.</summary>
    public string? EffectiveReplayDirectory => !string.IsNullOrWhiteSpace(ReplayDirectory) ? ReplayDirectory
        : RpcUrl is { IsAbsoluteUri: true, IsFile: true } ? RpcUrl.LocalPath
        : RpcUrl is { IsAbsoluteUri: false } ? RpcUrl.OriginalString
        : null;

    /// <summary>
    /// A second JSON-RPC endpoint (<c>SOLANA_RPC_SECONDARY</c>). When set, a call the primary fails with a
    /// transient error (rate limited, down, timing out) is made again here, and the primary does not retry on its
    /// own so that the failover is immediate.
    /// </summary>
    [AbsoluteHttpUri]
    public Uri? SecondaryRpcUrl { get; set; }

    /// <summary>How long one HTTP attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one call may take, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a failed attempt is retried (429, 5xx, timeouts, connection failures); at least once.</summary>
    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The share of failed calls, over the sampling window, that opens an endpoint's circuit breaker.</summary>
    [Range(0.01, 1.0)]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>How many calls the circuit breaker needs in its window before it may open.</summary>
    [Range(2, 10_000)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>How long an open circuit stays open before a trial call is let through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter. A <c>Retry-After</c> header wins.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

[OptionsValidator]
internal sealed partial class SolanaRpcOptionsValidator : IValidateOptions<SolanaRpcOptions>;

/// <summary>The endpoint is an http(s) URL, or names a replay folder that exists.</summary>
internal sealed class SolanaRpcEndpointValidator : IValidateOptions<SolanaRpcOptions>
{
    public ValidateOptionsResult Validate(string? name, SolanaRpcOptions options)
    {
        if (options.EffectiveReplayDirectory is { } replay)
        {
            return Directory.Exists(replay)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"RpcUrl '{options.RpcUrl?.OriginalString}' is neither an absolute http or https URL nor an existing replay folder ('{replay}').");
        }

        return options.RpcUrl is { IsAbsoluteUri: true } uri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"RpcUrl must be an absolute http or https URL, or a replay folder; got '{options.RpcUrl?.OriginalString}'.");
    }
}
