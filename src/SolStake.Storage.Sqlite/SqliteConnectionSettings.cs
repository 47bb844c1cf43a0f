using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SolStake.Storage.Sqlite;

/// <summary>
/// How every connection SolStake opens to a SQLite file writes: a write-ahead log (WAL) and a sync at checkpoints
/// rather than at each commit. SQLite's defaults (a rollback journal, synchronous FULL) made each write transaction
/// create and delete a journal file with several fsyncs, and held readers off while it committed; in WAL mode readers
/// and the one writer do not block each other, and with synchronous NORMAL a crash of the process loses nothing
/// committed (a power loss keeps the file consistent but may undo the commits since the log was last synced). The
/// journal mode is kept in the file; an in-memory database keeps its own ("memory"), which SQLite answers without an
/// error.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSettings Instance = new();

    private const string Pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
