using Microsoft.Extensions.DependencyInjection;
using SolStake.Core.DependencyInjection;
using SolStake.Storage;

namespace SolStake.Host.Tests;

/// <summary>An empty database for one test class: a fresh PostgreSQL database on the shared server, or a SQLite file.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly TemporarySqlite? _sqlite;

    private TestDatabase(string provider, string connectionString, TemporarySqlite? sqlite)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqlite = sqlite;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string provider, string prefix)
    {
        if (provider == "Postgres")
        {
            return new TestDatabase(provider, await Servers.Postgres.CreateDatabaseAsync(prefix), null);
        }

        var sqlite = new TemporarySqlite(prefix);
        return new TestDatabase(provider, sqlite.ConnectionString, sqlite);
    }

    /// <summary>Registers this database as the builder's storage.</summary>
    public ISolStakeBuilder Register(ISolStakeBuilder builder) => Provider == "Postgres"
        ? builder.AddPostgresStorage(o => { o.ConnectionString = ConnectionString; o.MigrateOnStart = true; })
        : builder.AddSqliteStorage(o => { o.ConnectionString = ConnectionString; o.MigrateOnStart = true; });

    public ValueTask DisposeAsync()
    {
        _sqlite?.Dispose();
        return ValueTask.CompletedTask;
    }
}
