using System.Net;
using System.Net.Sockets;

namespace SolStake.Testing;

/// <summary>
/// Forwards TCP connections from a loopback port to another loopback port, from when it starts to when it is
/// disposed: a server that "comes up" on a port a host was told about earlier (the host started before its database).
/// </summary>
public sealed class LoopbackForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private LoopbackForwarder(int port, int target)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _target = target;
        _accepting = AcceptAsync();
    }

    /// <summary>Starts listening on <paramref name="port"/> and forwarding to <paramref name="target"/>.</summary>
    public static LoopbackForwarder Start(int port, int target) => new(port, target);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = PipeAsync(client);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                var a = client.GetStream();
                var b = server.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A closed connection ends its pipe.
            }
        }
    }

    /// <summary>Stops listening and closes every forwarded connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
