using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using SolStake.Storage.Bulk;

namespace SolStake.Storage.Postgres;

/// <summary>Fills staging tables with binary COPY: one stream per table, whatever the number of rows.</summary>
internal sealed class PostgresStagingLoader : IStagingLoader
{
    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var tx = (NpgsqlTransaction)transaction;
        // Kept for the (pooled) connection's life and emptied at each commit: creating one per write costs catalog work.
        var exists = new NpgsqlCommand($"SELECT to_regclass('pg_temp.{table.Name}') IS NOT NULL", npgsql, tx);
        bool created;
        await using (exists.ConfigureAwait(false))
        {
            created = !(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        if (created)
        {
            var create = new NpgsqlCommand($"CREATE TEMP TABLE {table.Name} ({table.ColumnDefinitions("json")}) ON COMMIT DELETE ROWS", npgsql, tx);
            await using (create.ConfigureAwait(false))
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await CopyAsync(npgsql, table, cancellationToken).ConfigureAwait(false);

        if (created)
        {
            // A new temporary table has no statistics; without them the planner guesses row counts and may join badly.
            // Later loads on the same connection are alike in size, so the first statistics serve them.
            var analyze = new NpgsqlCommand($"ANALYZE {table.Name}", npgsql, tx);
            await using (analyze.ConfigureAwait(false))
            {
                await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task AppendAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken) =>
        CopyAsync((NpgsqlConnection)connection, table, cancellationToken);

    private static async Task CopyAsync(NpgsqlConnection npgsql, StagingTable table, CancellationToken cancellationToken)
    {
        var importer = await npgsql.BeginBinaryImportAsync($"COPY {table.Name} ({table.ColumnNames()}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in table.Rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < row.Length; i++)
                {
                    // Typed writes: the object overload looks the type up again for every value.
                    var write = (row[i], table.Columns[i].Type) switch
                    {
                        (null, _) => importer.WriteNullAsync(cancellationToken),
                        (long v, _) => importer.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken),
                        (int v, _) => importer.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken),
                        (bool v, _) => importer.WriteAsync(v, NpgsqlDbType.Boolean, cancellationToken),
                        (double v, _) => importer.WriteAsync(v, NpgsqlDbType.Double, cancellationToken),
                        (DateTimeOffset v, _) => importer.WriteAsync(v, NpgsqlDbType.TimestampTz, cancellationToken),
                        (string v, var type) => importer.WriteAsync(v, DbType(type), cancellationToken),
                        (var v, var type) => importer.WriteAsync(v, DbType(type), cancellationToken),
                    };
                    await write.ConfigureAwait(false);
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public object Timestamp(DateTimeOffset value) => value.ToUniversalTime();

    public DateTimeOffset ReadTimestamp(object value) => value switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"Not a timestamp: {value.GetType()}"),
    };

    private static NpgsqlDbType DbType(ColumnType type) => type switch
    {
        ColumnType.Text => NpgsqlDbType.Text,
        ColumnType.Int64 => NpgsqlDbType.Bigint,
        ColumnType.Int32 => NpgsqlDbType.Integer,
        ColumnType.Boolean => NpgsqlDbType.Boolean,
        ColumnType.Double => NpgsqlDbType.Double,
        ColumnType.Json => NpgsqlDbType.Json,
        ColumnType.Timestamp => NpgsqlDbType.TimestampTz,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
