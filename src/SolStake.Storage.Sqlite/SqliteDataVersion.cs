using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SolStake.Core.Storage;
using SolStake.Storage;

namespace SolStake.Storage.Sqlite;

/// <summary>
/// SQLite's own commit counter: <c>PRAGMA data_version</c> changes on one connection whenever any other connection
/// (in this process or another) commits to the database file. So the source keeps one connection of its own that only
/// ever reads; it costs nothing on the write path and needs no table or trigger.
/// </summary>
internal sealed class SqliteDataVersion(IOptions<StorageOptions> options) : IDataVersionSource, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;

    public async ValueTask<long> ReadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is null)
            {
                var configured = options.Value.ConnectionString;
                var connection = new SqliteConnection(string.IsNullOrWhiteSpace(configured) ? SqliteStorage.DefaultConnectionString : configured);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                _connection = connection;
            }

            var command = _connection.CreateCommand();
            command.CommandText = "PRAGMA data_version";
            try
            {
                await using (command.ConfigureAwait(false))
                {
                    return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch
            {
                // A fresh connection next time; its counter starts elsewhere, which reads as a change (harmless).
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
