using Microsoft.Extensions.Configuration;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using SolStake.Core.DependencyInjection;
using SolStake.Core.Storage;
using SolStake.Storage;
using SolStake.Storage.PostgreSQL;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SolStake's stores on PostgreSQL.</summary>
public static class PostgresStorageBuilderExtensions
{
    /// <summary>
    /// <see cref="AddPostgresStorage(ISolStakeBuilder, Action{StorageOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:Storage")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddPostgresStorage(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<StorageOptions>(configuration).AddPostgresStorage();

    /// <summary>
    /// Stores everything in PostgreSQL. Options bind from <paramref name="configSectionPath"/> (default
    /// <c>SolStake:Storage</c>; <see cref="StorageOptions.ConnectionString"/> is required, as a
    /// <c>postgresql://user:pass@host:port/db</c> URL or an Npgsql <c>Host=...;Database=...</c> string), then
    /// <paramref name="configure"/>. The connections come from one <see cref="NpgsqlDataSource"/>, registered under the
    /// key <see cref="SolStakeDatabase.DataSourceKey"/> so that other SolStake packages (the jobs package's clustered
    /// scheduler) use the same database without a second connection string. Calling it again adds only
    /// <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddPostgresStorage(this ISolStakeBuilder builder, Action<StorageOptions>? configure = null, string? configSectionPath = null) =>
        StorageRegistration.Add<PostgresDbContext>(builder, PostgresProvider.Instance, configure, configSectionPath, static services =>
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, PostgresStorageOptionsValidator>());
            services.TryAddKeyedSingleton(SolStakeDatabase.DataSourceKey, static (sp, _) =>
                NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgresConnectionString.Normalize(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString!))
                {
                    // A pooled connection keeps its session: Npgsql's reset (DISCARD ALL) would drop the writes' staging
                    // tables, and every write would create and analyze them again (PostgresStagingLoader). SolStake sets
                    // no other session state.
                    NoResetOnClose = true,
                }.ConnectionString));
            services.TryAddKeyedSingleton<DbDataSource>(SolStakeDatabase.DataSourceKey, static (sp, key) => sp.GetRequiredKeyedService<NpgsqlDataSource>(key));
            services.TryAddSingleton(new SolStakeDatabase(SolStakeDatabase.PostgreSQL));
            services.TryAddSingleton<IDataVersionSource, PostgresDataVersion>();
        });
}
