using System.Net;
using System.Net.Sockets;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that counts round trips: each time the server answers after the client has
/// sent something since the server last spoke. Independent of how Npgsql or Marten batch statements, so it counts what
/// actually costs latency. Used only for the counting probe, never while timing.
/// </summary>
internal sealed class RoundTripCounter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _pumps = [];
    private long _roundTrips;
    private int _clientSpoke;

    public RoundTripCounter(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_host, _port, _stop.Token);
                client.NoDelay = server.NoDelay = true;
                lock (_pumps)
                {
                    _pumps.Add(PumpAsync(client.GetStream(), server.GetStream(), fromClient: true));
                    _pumps.Add(PumpAsync(server.GetStream(), client.GetStream(), fromClient: false));
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromClient)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (fromClient) Volatile.Write(ref _clientSpoke, 1);
                else if (Interlocked.Exchange(ref _clientSpoke, 0) == 1) Interlocked.Increment(ref _roundTrips);
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            from.Close();
            to.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] pumps;
        lock (_pumps) pumps = [.. _pumps];
        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
