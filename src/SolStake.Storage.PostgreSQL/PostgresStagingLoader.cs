using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using SolStake.Storage.Bulk;

namespace SolStake.Storage.PostgreSQL;

/// <summary>
/// Fills staging tables with one statement per table: each column travels as one typed array parameter and
/// <c>unnest</c> turns the arrays back into rows. Measured against binary COPY on the benchmark's 1,351
/// validators, it took a third of the time: COPY pays an asynchronous write call for every single value.
/// </summary>
internal sealed class PostgresStagingLoader : IStagingLoader
{
    public async Task LoadAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var tx = (NpgsqlTransaction)transaction;
        // Kept for the (pooled) connection's life and emptied at each commit: creating one per write costs catalog work
        // (SolStake's data source does not reset a connection returned to the pool; a data source of the host's own
        // that does makes each write create its tables again, which works, more slowly).
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

        await AppendAsync(connection, transaction, table, cancellationToken).ConfigureAwait(false);

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

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, StagingTable table, CancellationToken cancellationToken)
    {
        if (table.Rows.Count == 0)
        {
            return;
        }

        var columns = table.Columns;
        var unnest = string.Join(", ", columns.Select((c, i) => $"@c{i}"));
        var constants = string.Concat(table.Constants.Select((c, i) => $", @k{i}"));
        var command = new NpgsqlCommand($"INSERT INTO {table.Name} ({table.ColumnNames()}) SELECT *{constants} FROM unnest({unnest})",
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using (command.ConfigureAwait(false))
        {
            for (var i = 0; i < columns.Count; i++)
            {
                command.Parameters.Add(ColumnParameter($"c{i}", columns[i].Type, table.Rows, i));
            }

            for (var i = 0; i < table.Constants.Count; i++)
            {
                var constant = table.Constants[i];
                command.Parameters.Add(new NpgsqlParameter($"k{i}", DbType(constant.Type)) { Value = constant.Value ?? DBNull.Value });
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public object Timestamp(DateTimeOffset value) => value.ToUniversalTime();

    // A transaction-level advisory lock, keyed by the name's 64-bit hash: released at commit or rollback, it blocks no
    // reader and no row, only another transaction asking for the same name.
    public async Task LockAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@name, 0))", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter("name", NpgsqlDbType.Text) { Value = name });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public DateTimeOffset ReadTimestamp(object value) => value switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"Not a timestamp: {value.GetType()}"),
    };

    private static NpgsqlParameter ColumnParameter(string name, ColumnType type, IReadOnlyList<object?[]> rows, int column) => type switch
    {
        ColumnType.Text or ColumnType.Json => Typed<string?>(name, DbType(type), rows, column, static v => (string?)v),
        ColumnType.Int64 => Typed<long?>(name, DbType(type), rows, column, static v => (long?)v),
        ColumnType.Int32 => Typed<int?>(name, DbType(type), rows, column, static v => (int?)v),
        ColumnType.Boolean => Typed<bool?>(name, DbType(type), rows, column, static v => (bool?)v),
        ColumnType.Double => Typed<double?>(name, DbType(type), rows, column, static v => (double?)v),
        ColumnType.Timestamp => Typed<DateTimeOffset?>(name, DbType(type), rows, column, static v => (DateTimeOffset?)v),
        ColumnType.Binary => Typed<byte[]?>(name, DbType(type), rows, column, static v => (byte[]?)v),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static NpgsqlDbType DbType(ColumnType type) => type switch
    {
        ColumnType.Text => NpgsqlDbType.Text,
        ColumnType.Json => NpgsqlDbType.Json,
        ColumnType.Int64 => NpgsqlDbType.Bigint,
        ColumnType.Int32 => NpgsqlDbType.Integer,
        ColumnType.Boolean => NpgsqlDbType.Boolean,
        ColumnType.Double => NpgsqlDbType.Double,
        ColumnType.Timestamp => NpgsqlDbType.TimestampTz,
        ColumnType.Binary => NpgsqlDbType.Bytea,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static NpgsqlParameter<T[]> Typed<T>(string name, NpgsqlDbType type, IReadOnlyList<object?[]> rows, int column, Func<object?, T> read)
    {
        var values = new T[rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = read(rows[r][column]);
        }

        return new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = values };
    }
}
