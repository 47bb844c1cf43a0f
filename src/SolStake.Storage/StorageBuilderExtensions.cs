using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;
using SolStake.Storage.Model;
using SolStake.Storage.Postgres;
using SolStake.Storage.Sqlite;

namespace SolStake.Storage;

/// <summary>Registers SolStake's stores on PostgreSQL or SQLite.</summary>
public static class StorageBuilderExtensions
{
    /// <summary>
    /// Stores everything in SQLite, the embedded default: no server to run. The database is
    /// <see cref="StorageOptions.ConnectionString"/> from <c>SolStake:Storage</c>, else <c>solstake.db</c>.
    /// </summary>
    public static ISolStakeBuilder AddSqliteStorage(this ISolStakeBuilder builder, Action<StorageOptions>? configure = null) =>
        builder.AddStorage<SqliteDbContext>(
            configure,
            static (db, options) => SqliteDbContext.Configure(db, string.IsNullOrWhiteSpace(options.ConnectionString)
                ? StorageOptions.DefaultSqliteConnectionString
                : options.ConnectionString),
            new SqliteStagingLoader(),
            validator: null);

    /// <summary>
    /// Stores everything in PostgreSQL. The connection string (URL or Npgsql form) comes from
    /// <c>SolStake:Storage:ConnectionString</c> or <c>DATABASE_URL</c>, then <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddPostgresStorage(this ISolStakeBuilder builder, Action<StorageOptions>? configure = null) =>
        builder.AddStorage<PostgresDbContext>(
            configure,
            static (db, options) => PostgresDbContext.Configure(db, PostgresConnectionString.Normalize(options.ConnectionString!)),
            new PostgresStagingLoader(),
            new PostgresStorageOptionsValidator());

    private static ISolStakeBuilder AddStorage<TContext>(
        this ISolStakeBuilder builder,
        Action<StorageOptions>? configure,
        Action<DbContextOptionsBuilder, StorageOptions> configureDb,
        IStagingLoader staging,
        IValidateOptions<StorageOptions>? validator)
        where TContext : SolStakeDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var registered = services.FirstOrDefault(d => d.ServiceType == typeof(IStorageMigrator));
        if (registered is not null)
        {
            if (registered.ImplementationType != typeof(EfStorageMigrator<TContext>))
            {
                throw new InvalidOperationException("SolStake storage is already registered with another database provider; register one.");
            }

            if (configure is not null)
            {
                services.Configure(configure);
            }

            return builder;
        }

        // Configuration binds first; code configures last, so code wins.
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (validator is not null)
        {
            services.AddSingleton(validator);
        }

        services.AddPooledDbContextFactory<TContext>(static (sp, db) =>
        {
            sp.GetRequiredService<Action<DbContextOptionsBuilder, StorageOptions>>()(db, sp.GetRequiredService<IOptions<StorageOptions>>().Value);
            // EF Core interceptors a host registers (tracing, command counting) apply to SolStake's contexts too.
            db.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        services.AddSingleton(configureDb);
        services.TryAddSingleton<StorageErrors>();
        services.AddSingleton<Database<TContext>>();
        services.AddSingleton(staging);
        services.AddSingleton<IValidatorStore, EfValidatorStore<TContext>>();
        services.AddSingleton<IScoringStore, EfScoringStore<TContext>>();
        services.AddSingleton<IWalletStore, EfWalletStore<TContext>>();
        services.AddSingleton<IAuditLog, EfAuditLog<TContext>>();
        services.AddSingleton<IJobHistory, EfJobHistory<TContext>>();
        services.AddSingleton<IStorageVerifier, StorageVerifier<TContext>>();
        services.AddSingleton<IStorageHousekeeping, Housekeeping<TContext>>();
        services.AddSingleton<IScoreReader, EfScoreReader<TContext>>();
        services.AddSingleton<IStorageMigrator, EfStorageMigrator<TContext>>();
        services.AddHostedService<MigrateOnStartService>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Core.SolStakeHealth.ReadyTag], timeout: TimeSpan.FromSeconds(10));
        return builder;
    }
}
