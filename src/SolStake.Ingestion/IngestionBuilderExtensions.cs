using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Ingestion.Rpc;
using SolStake.Ingestion.Sync;

namespace SolStake.Ingestion;

/// <summary>Registers the Solana RPC client and the ingestion pipeline.</summary>
public static class IngestionBuilderExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the RPC client uses, for hosts that want to add handlers.</summary>
    public const string HttpClientName = "SolStake.SolanaRpc";

    /// <summary>
    /// Adds the ingestion pipeline (<see cref="IValidatorSync"/>) and the RPC client it reads from (see
    /// <see cref="AddSolanaRpcClient"/>). Needs a registered <c>IValidatorStore</c> (a storage package).
    /// </summary>
    public static ISolStakeBuilder AddRpcIngestion(this ISolStakeBuilder builder, Action<SolanaRpcOptions>? configure = null)
    {
        builder.AddSolanaRpcClient(configure);
        builder.Services.TryAddSingleton<IValidatorSync, ValidatorSync>();
        return builder;
    }

    /// <summary>
    /// Adds <see cref="ISolanaRpcClient"/> alone, with options bound from <c>SolStake:Solana</c> and then changed by
    /// <paramref name="configure"/>. Calling it again only adds <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddSolanaRpcClient(this ISolStakeBuilder builder, Action<SolanaRpcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ISolanaRpcClient)))
        {
            return builder;
        }

        services.AddOptions<SolanaRpcOptions>().BindConfiguration(SolanaRpcOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SolanaRpcOptions>, SolanaRpcOptionsValidator>());

        services.AddHttpClient<ISolanaRpcClient, SolanaRpcClient>(HttpClientName, static (sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SolanaRpcOptions>>().Value;
                http.BaseAddress = options.RpcUrl;
                // The resilience pipeline owns timeouts; HttpClient's own would cut retries short.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddStandardResilienceHandler()
            .Configure(static (HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = sp.GetRequiredService<IOptions<SolanaRpcOptions>>().Value;
                resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
                resilience.Retry.MaxRetryAttempts = options.MaxRetryAttempts;
                resilience.Retry.Delay = options.RetryDelay;
                // The circuit breaker samples at least twice the attempt timeout (a Polly validation rule).
                var sampling = options.AttemptTimeout * 2;
                if (resilience.CircuitBreaker.SamplingDuration < sampling)
                {
                    resilience.CircuitBreaker.SamplingDuration = sampling;
                }
            });

        return builder;
    }
}
