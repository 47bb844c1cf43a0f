using Microsoft.Extensions.Configuration;
using SolStake.Core.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SolStake.Core.DependencyInjection;
using SolStake.Storage;
using SolStake.Storage.Sqlite;

// In the namespace of IServiceCollection, like the Add* methods of the .NET libraries: a host needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers SolStake's stores on SQLite.</summary>
public static class SqliteStorageBuilderExtensions
{
    /// <summary>
    /// <see cref="AddSqliteStorage(ISolStakeBuilder, Action{StorageOptions}?, string?)"/> with its options bound from <paramref name="configuration"/>
    /// (a section object, for example <c>builder.Configuration.GetSection("Staking:Storage")</c>). Calling it
    /// again binds nothing: the first call's binding stays.
    /// </summary>
    public static ISolStakeBuilder AddSqliteStorage(this ISolStakeBuilder builder, IConfiguration configuration) =>
        builder.BindOptionsTo<StorageOptions>(configuration).AddSqliteStorage();

    /// <summary>
    /// Stores everything in SQLite, the embedded default: no server to run. Options bind from
    /// <paramref name="configSectionPath"/> (default <c>SolStake:Storage</c>), then <paramref name="configure"/>; the
    /// database is <see cref="StorageOptions.ConnectionString"/>, else <see cref="SqliteStorage.DefaultConnectionString"/>.
    /// Calling it again adds only <paramref name="configure"/>.
    /// </summary>
    public static ISolStakeBuilder AddSqliteStorage(this ISolStakeBuilder builder, Action<StorageOptions>? configure = null, string? configSectionPath = null) =>
        StorageRegistration.Add<SqliteDbContext>(builder, SqliteProvider.Instance, configure, configSectionPath,
            static services =>
            {
                services.TryAddSingleton(new SolStakeDatabase(SolStakeDatabase.Sqlite));
                services.TryAddSingleton<IDataVersionSource, SqliteDataVersion>();
            });
}
