using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.DependencyInjection;

namespace SolStake.Storage.Tests;

/// <summary>A fresh, empty database on one provider, with SolStake's storage services on it.</summary>
internal sealed class StorageProvider : IAsyncDisposable
{
    private readonly string? _sqliteFile;

    private StorageProvider(ServiceProvider services, string connectionString, string? sqliteFile)
    {
        Services = services;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
    }

    public ServiceProvider Services { get; }

    public string ConnectionString { get; }

    public static async Task<StorageProvider> CreateAsync(string provider, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor? interceptor = null)
    {
        string connectionString;
        string? file = null;
        if (provider == "Postgres")
        {
            connectionString = await Servers.Postgres.CreateDatabaseAsync("storage");
        }
        else
        {
            file = Path.Combine(Path.GetTempPath(), $"solstake-test-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={file}";
        }

        return new StorageProvider(Build(provider, connectionString, interceptor: interceptor), connectionString, file);
    }

    public static ServiceProvider Build(string provider, string connectionString, Action<StorageOptions>? configure = null, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor? interceptor = null)
    {
        var services = new ServiceCollection();
        if (interceptor is not null)
        {
            services.AddSingleton(interceptor);
        }

        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        var solstake = services.AddSolStake();
        if (provider == "Postgres")
        {
            solstake.AddPostgresStorage(o => { o.ConnectionString = connectionString; configure?.Invoke(o); });
        }
        else
        {
            solstake.AddSqliteStorage(o => { o.ConnectionString = connectionString; configure?.Invoke(o); });
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// Brings the schema to the migration before the one named <paramref name="migration"/> (applying or reverting);
    /// returns the ones then pending (it and the later ones).
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateToBeforeAsync(string migration)
    {
        await using var context = CreateContext();
        var all = context.Database.GetMigrations().ToList();
        var target = all.IndexOf(all.Single(m => m.EndsWith("_" + migration, StringComparison.Ordinal)));
        await context.GetService<IMigrator>().MigrateAsync(all[target - 1]);
        return all[target..];
    }

    /// <summary>A context of the provider's own type (internal to its package, so its factory is found by name).</summary>
    public Model.SolStakeDbContext CreateContext()
    {
        var contextType = Type.GetType(ConnectionString.StartsWith("Data Source", StringComparison.Ordinal)
            ? "SolStake.Storage.Sqlite.SqliteDbContext, SolStake.Storage.Sqlite"
            : "SolStake.Storage.PostgreSQL.PostgresDbContext, SolStake.Storage.PostgreSQL", throwOnError: true)!;
        var factoryType = typeof(IDbContextFactory<>).MakeGenericType(contextType);
        return (Model.SolStakeDbContext)factoryType.GetMethod(nameof(IDbContextFactory<DbContext>.CreateDbContext), Type.EmptyTypes)!.Invoke(Services.GetRequiredService(factoryType), null)!;
    }

    /// <summary>Runs SQL straight on the database with integrity constraints off, to damage it on purpose.</summary>
    public async Task CorruptAsync(string sql)
    {
        System.Data.Common.DbConnection connection = ConnectionString.StartsWith("Data Source", StringComparison.Ordinal)
            ? new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString)
            : new Npgsql.NpgsqlConnection(ConnectionString);
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = (connection is Npgsql.NpgsqlConnection ? "SET session_replication_role = replica; " : "PRAGMA foreign_keys = OFF; ") + sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_sqliteFile is not null)
        {
            DeleteSqlite(_sqliteFile);
        }
    }

    /// <summary>Deletes a SQLite database file with its write-ahead log and shared-memory files, after closing the pool's connections.</summary>
    public static void DeleteSqlite(string file)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(f);
        }
    }
}
