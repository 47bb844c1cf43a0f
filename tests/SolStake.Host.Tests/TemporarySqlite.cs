namespace SolStake.Host.Tests;

/// <summary>A SQLite database file in the temporary folder for a host process or verb, deleted (with its WAL files) on dispose.</summary>
internal sealed class TemporarySqlite(string prefix) : IDisposable
{
    public string File { get; } = Path.Combine(Path.GetTempPath(), $"solstake-{prefix}-{Guid.NewGuid():N}.db");

    /// <summary>The connection string, as <c>SolStake__Storage__ConnectionString</c> takes it.</summary>
    public string ConnectionString => $"Data Source={File}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { File, File + "-wal", File + "-shm" })
        {
            System.IO.File.Delete(path);
        }
    }
}
