using Npgsql;

namespace SolStake.Testing;

/// <summary>
/// A PostgreSQL 15 server for a test run: the one <c>TEST_DATABASE_URL</c> names, or a throwaway cluster started
/// from the machine's binaries on a free loopback port (fsync off) and deleted when disposed. Each test asks for
/// its own database. A server that cannot start fails the run with the reason; nothing is skipped.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly string[] BinDirectories = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"];
    private readonly string? _dataRoot;
    private readonly string? _binDirectory;
    private int _databases;

    private PostgresServer(string adminConnectionString, string? dataRoot, string? binDirectory)
    {
        AdminConnectionString = adminConnectionString;
        _dataRoot = dataRoot;
        _binDirectory = binDirectory;
    }

    /// <summary>A connection string to the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Starts a throwaway server, or connects to <c>TEST_DATABASE_URL</c>.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("TEST_DATABASE_URL") is { Length: > 0 } configured)
        {
            var builder = new NpgsqlConnectionStringBuilder(ToNpgsql(configured)) { Database = "postgres", Pooling = false };
            var external = new PostgresServer(builder.ConnectionString, null, null);
            await external.PingAsync();
            return external;
        }

        var bin = BinDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/<15|16|17>/bin; install PostgreSQL 15 or set TEST_DATABASE_URL.");
        var root = Directory.CreateTempSubdirectory("solstake-pg-").FullName;
        var isRoot = Environment.UserName == "root";
        if (isRoot && !OperatingSystem.IsWindows())
        {
            // initdb refuses to run as root; the cluster belongs to the postgres user, who must reach the folder.
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await ProcessRunner.RunCheckedAsync("chown", ["postgres:postgres", root], TimeSpan.FromSeconds(10));
        }

        var data = Path.Combine(root, "data");
        var port = LoopbackPorts.GetFree();
        await RunAsPostgresAsync(isRoot, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await RunAsPostgresAsync(isRoot, Path.Combine(bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start",
        ]);

        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", root, bin);
        await server.PingAsync();
        return server;
    }

    /// <summary>Creates an empty database and returns its connection string (Npgsql form).</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Stops and deletes a throwaway server; leaves an external one alone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataRoot is null || _binDirectory is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await RunAsPostgresAsync(Environment.UserName == "root", Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_dataRoot, "data"), "-m", "immediate", "-w", "stop"]);
        Directory.Delete(_dataRoot, recursive: true);
    }

    private async Task PingAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        _ = await command.ExecuteScalarAsync();
    }

    private static Task<ProcessRunner.Result> RunAsPostgresAsync(bool isRoot, string program, string[] arguments) =>
        isRoot
            ? ProcessRunner.RunCheckedAsync("runuser", ["-u", "postgres", "--", program, .. arguments], TimeSpan.FromSeconds(90))
            : ProcessRunner.RunCheckedAsync(program, arguments, TimeSpan.FromSeconds(90));

    private static string ToNpgsql(string urlOrKeyValue)
    {
        if (!urlOrKeyValue.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) || !urlOrKeyValue.Contains("://", StringComparison.Ordinal))
        {
            return urlOrKeyValue;
        }

        var uri = new Uri(urlOrKeyValue);
        var parts = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (parts[0].Length > 0) builder.Username = Uri.UnescapeDataString(parts[0]);
        if (parts.Length > 1) builder.Password = Uri.UnescapeDataString(parts[1]);
        return builder.ConnectionString;
    }
}
