using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;

namespace SolStake.Ingestion.Sync;

/// <summary>What one caller may register, and how the first fetch of a wallet is bounded. Bound from <c>SolStake:Wallets</c>.</summary>
public sealed class WalletTrackingOptions
{
    /// <summary>The configuration section: <c>SolStake:Wallets</c>.</summary>
    public static readonly string SectionName = SolStakeConfiguration.Section("Wallets");

    /// <summary>How many wallets one caller (user id) may register (default 20); every sync fetches each of them again.</summary>
    [Range(1, 100_000)]
    public int MaxWalletsPerUser { get; set; } = 20;

    /// <summary>How many registrations (new or refreshed) one caller may make per <see cref="RegistrationWindow"/> (default 10).</summary>
    [Range(1, 100_000)]
    public int RegistrationsPerWindow { get; set; } = 10;

    /// <summary>The window of <see cref="RegistrationsPerWindow"/> (default one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RegistrationWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a registration waits for the wallet's stake accounts (default 5 s): a caller is waiting. A slower answer
    /// is a failure, and counts toward this path's circuit breaker like an error.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many registrations fetch at once in this process (default 2); the others are refused at once as unavailable.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentFetches { get; set; } = 2;

    /// <summary>
    /// When at least half of the fetches of the last minute failed or were slow, and at least this many were tried
    /// (default 5), registrations stop calling the RPC for <see cref="BreakDuration"/> and are refused at once as
    /// unavailable.
    /// </summary>
    [Range(2, 10_000)]
    public int BreakerMinimumFetches { get; set; } = 5;

    /// <summary>How long registrations spare the RPC once the breaker opened (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

[OptionsValidator]
internal sealed partial class WalletTrackingOptionsValidator : IValidateOptions<WalletTrackingOptions>;
