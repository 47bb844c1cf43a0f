using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SolStake.Storage.Sqlite;

/// <summary>
/// How every connection SolStake opens to a SQLite file writes: a write-ahead log (WAL) and a sync at checkpoints
/// rather than at each commit. EF Core makes the files it creates write-ahead, but a file made otherwise (by another
/// program, or restored from one) has SQLite's rollback journal, with which a reader's open transaction keeps a write
/// from committing; and SQLite's synchronous FULL syncs the log at every commit. In WAL mode readers and the one writer
/// do not block each other, and with synchronous NORMAL a crash of the process loses nothing committed (a power loss
/// keeps the file consistent but may undo the commits since the log was last synced). The journal mode is kept in the
/// file; an in-memory database keeps its own ("memory"), which SQLite answers without an error.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    // The native connections already set: the pool hands the same one out again, and it keeps its settings, so each is
    // set once rather than at every open (every store operation opens one).
    private static readonly object Marker = new();
    private readonly ConditionalWeakTable<object, object> _set = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSettings(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Remember(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsSettings(connection))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = Pragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            Remember(connection);
        }
    }

    private bool NeedsSettings(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && _set.TryGetValue(handle, out _))
        {
            return false;
        }

        // A read-only connection cannot change the journal mode (EF Core opens one to see whether the file exists): it
        // reads whatever the file has.
        return !(connection.ConnectionString.Contains("ReadOnly", StringComparison.OrdinalIgnoreCase)
                 && new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly);
    }

    private void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _set.AddOrUpdate(handle, Marker);
        }
    }
}
