using System.Net.Sockets;
using System.Text;

namespace SolStake.Testing;

/// <summary>
/// A Redis server for a test run: the one <c>TEST_REDIS_URL</c> names, or a throwaway <c>redis-server</c> on a
/// free loopback port with persistence off, stopped and deleted when disposed. Fails with the reason when it
/// cannot start.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string? _directory;

    private RedisServer(string host, int port, string? directory)
    {
        Host = host;
        Port = port;
        _directory = directory;
    }

    /// <summary>The server's host.</summary>
    public string Host { get; }

    /// <summary>The server's port.</summary>
    public int Port { get; }

    /// <summary>The server as a <c>redis://host:port</c> URL (the <c>REDIS_URL</c> form).</summary>
    public string Url => $"redis://{Host}:{Port}";

    /// <summary>Starts a throwaway server, or uses <c>TEST_REDIS_URL</c>.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("TEST_REDIS_URL") is { Length: > 0 } configured)
        {
            var uri = new Uri(configured);
            var external = new RedisServer(uri.Host, uri.Port > 0 ? uri.Port : 6379, null);
            await external.WaitForPingAsync(TimeSpan.FromSeconds(5));
            return external;
        }

        return await StartOwnAsync();
    }

    /// <summary>Starts a throwaway server, even when <c>TEST_REDIS_URL</c> is set: for tests that stop it.</summary>
    public static async Task<RedisServer> StartOwnAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server was not found; install it (apt-get install redis-server) or set TEST_REDIS_URL.");
        var directory = Directory.CreateTempSubdirectory("solstake-redis-").FullName;
        var port = LoopbackPorts.GetFree();
        await ProcessRunner.RunCheckedAsync(executable,
        [
            "--daemonize", "yes", "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", "", "--appendonly", "no", "--dir", directory,
            "--pidfile", Path.Combine(directory, "redis.pid"), "--logfile", Path.Combine(directory, "redis.log"),
        ], TimeSpan.FromSeconds(30));

        var server = new RedisServer("127.0.0.1", port, directory);
        await server.WaitForPingAsync(TimeSpan.FromSeconds(10));
        return server;
    }

    /// <summary>Sends PING over RESP and returns the reply line.</summary>
    public async Task<string> PingAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Host, Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).TrimEnd();
    }

    /// <summary>Stops and deletes a throwaway server; leaves an external one alone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        var pidFile = Path.Combine(_directory, "redis.pid");
        if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitForPingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await PingAsync() == "+PONG")
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"Redis at {Host}:{Port} did not answer PING within {timeout}.");
            }

            await Task.Delay(50);
        }
    }
}
