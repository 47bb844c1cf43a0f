using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Ingestion.Cli;
using SolStake.Ingestion.Replay;
using SolStake.Ingestion.Rpc;
using SolStake.Ingestion.Sync;

using SolStake.Ingestion;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Solana RPC client and the ingestion pipeline.</summary>
public static class IngestionBuilderExtensions
{
    /// <summary>The names of the <see cref="HttpClient"/>s the RPC client uses (primary, secondary), for hosts that want to add handlers.</summary>
    public static IReadOnlyList<string> HttpClientNames { get; } = [SolanaRpcClient.PrimaryClientName, SolanaRpcClient.SecondaryClientName];

    /// <summary>
    /// <see cref="AddRpcIngestion(ISolStakeBuilder, Action{SolanaRpcOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:SolanaRpc")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddRpcIngestion(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<SolanaRpcOptions>(configuration).AddRpcIngestion();

    /// <summary>
    /// Adds the ingestion pipeline (<see cref="IValidatorSync"/>) and the RPC client it reads from (see
    /// <see cref="AddSolanaRpcClient"/>, with <paramref name="configure"/> and <paramref name="configSectionPath"/>).
    /// The cycle's own settings bind from <c>SolStake:Sync</c> (under the root <c>AddSolStake</c> was given). Needs a storage package, and scoring
    /// (<c>AddScoring()</c>) unless <see cref="SyncOptions.ScoreAfterSync"/> is off. Calling it again adds only
    /// <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddRpcIngestion(this ISolStakeBuilder builder, Action<SolanaRpcOptions>? configure = null, string? configSectionPath = null)
    {
        builder.AddSolanaRpcClient(configure, configSectionPath);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IValidatorSync)))
        {
            builder.AddSolStakeOptions<SyncOptions>(SyncOptions.SectionName, null, null);
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, SyncOptionsValidator>());
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SyncOptions>, ScoringRegisteredValidator>());
            builder.Services.TryAddSingleton<IValidatorSync, ValidatorSync>();
            builder.Services.TryAddSingleton<ICliSnapshotImporter, CliSnapshotImporter>();
            builder.AddSolStakeOptions<WalletTrackingOptions>(WalletTrackingOptions.SectionName, null, null);
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WalletTrackingOptions>, WalletTrackingOptionsValidator>());
            builder.Services.TryAddSingleton<IWalletTracker, WalletTracker>();
        }

        return builder;
    }

    /// <summary>
    /// Adds <see cref="ISolanaRpcClient"/> alone, with options bound from <paramref name="configSectionPath"/> (default
    /// <c>SolStake:Solana</c>) and then changed by <paramref name="configure"/>. Calling it again only adds
    /// <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddSolanaRpcClient(this ISolStakeBuilder builder, Action<SolanaRpcOptions>? configure = null, string? configSectionPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        if (!builder.AddSolStakeOptions(SolanaRpcOptions.SectionName, configure, configSectionPath))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SolanaRpcOptions>, SolanaRpcOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SolanaRpcOptions>, SolanaRpcEndpointValidator>());
        services.TryAddTransient<RecordingHandler>();
        services.AddMetrics();
        services.TryAddSingleton<IngestionMetrics>();

        AddEndpoint(services, SolanaRpcClient.PrimaryClientName, static o => o.RpcUrl, primary: true);
        AddEndpoint(services, SolanaRpcClient.SecondaryClientName, static o => o.SecondaryRpcUrl ?? o.RpcUrl, primary: false);
        services.TryAddSingleton<ISolanaRpcClient, SolanaRpcClient>();
        return builder;
    }

    private static void AddEndpoint(IServiceCollection services, string name, Func<SolanaRpcOptions, Uri> endpoint, bool primary)
    {
        services.AddHttpClient(name, (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SolanaRpcOptions>>().Value;
                // Replay answers from a folder; the address only has to be absolute.
                http.BaseAddress = options.EffectiveReplayDirectory is null ? endpoint(options) : new Uri("http://replay.invalid/");
                // The resilience pipeline owns timeouts; HttpClient's own would cut retries short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(static sp =>
                sp.GetRequiredService<IOptions<SolanaRpcOptions>>().Value.EffectiveReplayDirectory is { } replay
                    ? new ReplayHandler(replay)
                    : new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddHttpMessageHandler<RecordingHandler>()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = sp.GetRequiredService<IOptions<SolanaRpcOptions>>().Value;
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
                resilience.Retry.Delay = options.RetryDelay;
                resilience.Retry.ShouldRetryAfterHeader = true;
                if (primary && options.SecondaryRpcUrl is not null)
                {
                    // With a secondary, a failed call moves there at once rather than waiting out backoff or Retry-After here.
                    resilience.Retry.ShouldHandle = static _ => PredicateResult.False();
                }

                resilience.CircuitBreaker.FailureRatio = options.CircuitBreakerFailureRatio;
                resilience.CircuitBreaker.MinimumThroughput = options.CircuitBreakerMinimumThroughput;
                resilience.CircuitBreaker.BreakDuration = options.CircuitBreakerBreakDuration;

                // The circuit breaker samples at least twice the attempt timeout (a Polly validation rule).
                var sampling = options.AttemptTimeout * 2;
                if (resilience.CircuitBreaker.SamplingDuration < sampling)
                {
                    resilience.CircuitBreaker.SamplingDuration = sampling;
                }
            });
    }
}
