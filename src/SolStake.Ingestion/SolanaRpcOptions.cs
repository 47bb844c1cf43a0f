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

    /// <summary>The JSON-RPC endpoint.</summary>
    [Required]
    [AbsoluteHttpUri]
    public Uri RpcUrl { get; set; } = MainnetBeta;

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
