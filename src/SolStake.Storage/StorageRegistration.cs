using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Storage.Model;

namespace SolStake.Storage;

/// <summary>What <c>AddPostgresStorage</c> and <c>AddSqliteStorage</c> share: options, the stores, the start-up work.</summary>
internal static class StorageRegistration
{
    public static ISolStakeBuilder Add<TContext>(
        ISolStakeBuilder builder,
        StorageProvider provider,
        Action<StorageOptions>? configure,
        string? configSectionPath,
        Action<IServiceCollection>? addProviderServices = null)
        where TContext : SolStakeDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var registered = services.FirstOrDefault(d => d.ServiceType == typeof(IStorageMigrator));
        if (registered is not null && registered.ImplementationType != typeof(EfStorageMigrator<TContext>))
        {
            throw new InvalidOperationException(
                $"SolStake storage is already registered with another database provider; register one ({provider.DisplayName} was added second).");
        }

        // A second call adds only its callback; configuration was bound by the first.
        if (!builder.AddSolStakeOptions(StorageOptions.SectionName, configure, configSectionPath))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        addProviderServices?.Invoke(services);
        services.AddSingleton(provider);
        services.AddSingleton(provider.Staging);
        services.AddPooledDbContextFactory<TContext>(static (sp, db) =>
        {
            sp.GetRequiredService<StorageProvider>().ConfigureContext(db, sp);
            // Every store operation takes a context of its own from the pool (Database.RunAsync) and never shares it
            // between threads, so EF's per-row concurrency check (an AsyncLocal written twice per row read) only costs.
            db.EnableThreadSafetyChecks(false);
            // EF Core interceptors a host registers (tracing, command counting) apply to SolStake's contexts too.
            db.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageErrors>();
        services.AddSingleton<Database<TContext>>();
        services.AddSingleton<IValidatorStore, EfValidatorStore<TContext>>();
        services.AddSingleton<IScoringStore, EfScoringStore<TContext>>();
        services.AddSingleton<IWalletStore, EfWalletStore<TContext>>();
        services.AddSingleton<IAuditLog, EfAuditLog<TContext>>();
        services.AddSingleton<IJobHistory, EfJobHistory<TContext>>();
        services.AddSingleton<IStorageVerifier, StorageVerifier<TContext>>();
        services.AddSingleton<IStorageHousekeeping, Housekeeping<TContext>>();
        services.AddSingleton<IScoreReader, EfScoreReader<TContext>>();
        services.AddSingleton<IStorageMigrator, EfStorageMigrator<TContext>>();
        services.TryAddSingleton<StorageStartup>();
        services.TryAddSingleton<IStorageStartup>(static sp => sp.GetRequiredService<StorageStartup>());
        services.AddHostedService<MigrateOnStartService>();
        return builder;
    }
}
