using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SolStake.Core.Storage;

namespace SolStake.Storage;

/// <summary>Turns provider exceptions into <see cref="StorageException"/> with an honest <c>IsTransient</c>.</summary>
internal sealed class StorageErrors
{
    // SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock; waiting and retrying helps.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>Returns the translated exception, or null for exceptions that are not database failures (cancellation among them).</summary>
    public StorageException? Translate(Exception exception, string operation) => exception switch
    {
        OperationCanceledException => null,
        StorageException => null,
        NpgsqlException npgsql => new StorageException($"PostgreSQL failed while {operation}: {npgsql.Message}", npgsql.IsTransient, npgsql),
        SqliteException sqlite => new StorageException(
            $"SQLite failed while {operation}: {sqlite.Message}", sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked, sqlite),
        DbUpdateException { InnerException: { } inner } when Translate(inner, operation) is { } translated => translated,
        DbException db => new StorageException($"The database failed while {operation}: {db.Message}", db.IsTransient, db),
        InvalidOperationException { InnerException: DbException db } => new StorageException($"The database failed while {operation}: {db.Message}", db.IsTransient, exception),
        _ => null,
    };
}
