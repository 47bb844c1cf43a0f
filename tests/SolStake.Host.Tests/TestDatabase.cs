using SolStake.Core.DependencyInjection;
using SolStake.Storage;

namespace SolStake.Host.Tests;

/// <summary>An empty database for one test class: a fresh PostgreSQL database on the shared server, or a SQLite file.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;

    private TestDatabase(string provider, string connectionString, string? sqliteFile)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string provider, string prefix)
    {
        if (provider == "Postgres")
        {
            return new TestDatabase(provider, await Servers.Postgres.CreateDatabaseAsync(prefix), null);
        }

        var file = Path.Combine(Path.GetTempPath(), $"solstake-{prefix}-{Guid.NewGuid():N}.db");
        return new TestDatabase(provider, $"Data Source={file}", file);
    }

    /// <summary>Registers this database as the builder's storage.</summary>
    public ISolStakeBuilder Register(ISolStakeBuilder builder) => Provider == "Postgres"
        ? builder.AddPostgresStorage(o => o.ConnectionString = ConnectionString)
        : builder.AddSqliteStorage(o => o.ConnectionString = ConnectionString);

    public ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(path);
            }
        }

        return ValueTask.CompletedTask;
    }
}
