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

    /// <summary>How long one HTTP attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one call may take, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:30:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a failed attempt is retried (429, 5xx, timeouts, connection failures); at least once.</summary>
    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter. A <c>Retry-After</c> header wins.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}

[OptionsValidator]
internal sealed partial class SolanaRpcOptionsValidator : IValidateOptions<SolanaRpcOptions>;
