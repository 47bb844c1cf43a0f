using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SolStake.Core.Storage;

namespace SolStake.Storage.PostgreSQL;

/// <summary>
/// The <c>data_version</c> row, counted up by a statement trigger on every table the API reads (migration
/// <c>DataVersion</c>). The count is part of the writing transaction, so a reader sees it change exactly when the data
/// does, whoever wrote it: no message to lose, nothing to reconnect.
/// </summary>
internal sealed class PostgresDataVersion([FromKeyedServices(SolStakeDatabase.DataSourceKey)] NpgsqlDataSource dataSource) : IDataVersionSource
{
    public async ValueTask<long> ReadAsync(CancellationToken cancellationToken = default)
    {
        var command = dataSource.CreateCommand("SELECT version FROM data_version WHERE id = 1");
        await using (command.ConfigureAwait(false))
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }
}
