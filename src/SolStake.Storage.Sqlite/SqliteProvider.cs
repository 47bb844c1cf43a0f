using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;
using SolStake.Storage.Bulk;

namespace SolStake.Storage.Sqlite;

/// <summary>SQLite storage's defaults.</summary>
public static class SqliteStorage
{
    /// <summary>The database used when no connection string is configured: <c>solstake.db</c> in the working directory.</summary>
    public const string DefaultConnectionString = "Data Source=solstake.db";
}

internal sealed class SqliteProvider : StorageProvider
{
    // SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock; waiting and retrying helps.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static readonly SqliteProvider Instance = new();

    public override string SystemName => "sqlite";

    public override string DisplayName => "SQLite";

    public override IStagingLoader Staging { get; } = new SqliteStagingLoader();

    public override void ConfigureContext(DbContextOptionsBuilder builder, IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString;
        SqliteDbContext.Configure(builder, string.IsNullOrWhiteSpace(configured) ? SqliteStorage.DefaultConnectionString : configured);
    }

    public override bool IsMissingTable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 1 } sqlite && sqlite.Message.Contains("no such table", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public override StorageException? Translate(Exception exception, string operation) => exception is SqliteException sqlite
        ? new StorageException($"SQLite failed while {operation}: {sqlite.Message}", sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked, sqlite)
        : null;
}
