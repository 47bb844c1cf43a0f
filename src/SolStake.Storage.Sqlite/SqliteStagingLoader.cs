using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SolStake.Storage.Bulk;

namespace SolStake.Storage.Sqlite;

/// <summary>
/// Fills staging tables with one prepared INSERT run per row: SQLite runs in process, so a row costs no round
/// trip, and a prepared statement is parsed once.
/// </summary>
internal sealed class SqliteStagingLoader : IStagingLoader
{
    // The encoding EF uses for DateTimeOffset columns on SQLite (see SqliteDbContext).
    private static readonly DateTimeOffsetToBinaryConverter Timestamps = new();

    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        var tx = (SqliteTransaction)transaction;
        // Temporary tables live as long as the (pooled) connection: drop any left by an earlier write.
        var create = new SqliteCommand($"DROP TABLE IF EXISTS temp.{table.Name}; CREATE TEMP TABLE {table.Name} ({table.ColumnDefinitions("text")})", sqlite, tx);
        await using (create.ConfigureAwait(false))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await AppendAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);
    }

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        var tx = (SqliteTransaction)transaction;
        var placeholders = string.Join(", ", table.Columns.Select((_, i) => $"$p{i}").Concat(table.Constants.Select((_, i) => $"$k{i}")));
        var insert = new SqliteCommand($"INSERT INTO {table.Name} ({table.ColumnNames()}) VALUES ({placeholders})", sqlite, tx);
        await using (insert.ConfigureAwait(false))
        {
            var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
            for (var i = 0; i < table.Constants.Count; i++)
            {
                insert.Parameters.Add(new SqliteParameter($"$k{i}", table.Constants[i].Value ?? DBNull.Value));
            }

            insert.Prepare();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    parameters[i].Value = row[i] ?? DBNull.Value;
                }

                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public object Timestamp(DateTimeOffset value) => Timestamps.ConvertToProvider(value.ToUniversalTime())!;

    // Microsoft.Data.Sqlite begins a transaction with BEGIN IMMEDIATE: it already holds the database's one write lock.
    public Task LockAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken) => Task.CompletedTask;

    public DateTimeOffset ReadTimestamp(object value) => (DateTimeOffset)Timestamps.ConvertFromProvider(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture))!;
}
