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
        var create = new NpgsqlCommand($"CREATE TEMP TABLE {table.Name} ({table.ColumnDefinitions("jsonb")}) ON COMMIT DROP", npgsql, (NpgsqlTransaction)transaction);
        await using (create.ConfigureAwait(false))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var importer = await npgsql.BeginBinaryImportAsync($"COPY {table.Name} ({table.ColumnNames()}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        await using (importer.ConfigureAwait(false))
        {
            foreach (var row in table.Rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await importer.WriteAsync(row[i], DbType(table.Columns[i].Type), cancellationToken).ConfigureAwait(false);
                    }
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
        ColumnType.Json => NpgsqlDbType.Jsonb,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
