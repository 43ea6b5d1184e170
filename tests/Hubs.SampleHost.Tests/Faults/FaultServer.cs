using System.Diagnostics;
using Hubs.EventSourcing.Hosting;
using Npgsql;

namespace Hubs.SampleHost.Tests.Faults;

/// <summary>
/// A PostgreSQL server of the fault tests' own, on a persistent data directory, that a test may stop in immediate mode
/// (as a crash would) and start again: the shared test server must never be stopped.
/// </summary>
public sealed class FaultServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"hubs-fault-pg-{Environment.ProcessId}");
    private PrivatePostgres? _server;

    /// <summary>The current connection string (the port changes on a restart).</summary>
    public string ConnectionString => _server!.ConnectionString;

    public async Task InitializeAsync() => _server = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { DataDirectory = _dataDirectory });

    /// <summary><c>pg_ctl stop -m immediate</c>: every backend is killed at once, no checkpoint, recovery at the next start.</summary>
    public async Task StopImmediatelyAsync()
    {
        var root = Environment.UserName == "root";
        var psi = new ProcessStartInfo(root ? "runuser" : "pg_ctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[.. root ? ["-u", "postgres", "--", "pg_ctl"] : Array.Empty<string>(), "-D", _dataDirectory, "-m", "immediate", "-w", "stop"])
            psi.ArgumentList.Add(a);
        using var stop = Process.Start(psi)!;
        await stop.WaitForExitAsync();
        stop.ExitCode.ShouldBe(0, await stop.StandardError.ReadToEndAsync());
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the server again on the same data directory (crash recovery runs first).</summary>
    public async Task RestartAsync()
    {
        // The stopped instance is dropped, not disposed: disposing would stop the new server on the same directory.
        _server = await PrivatePostgres.StartAsync(new PrivatePostgresOptions { DataDirectory = _dataDirectory });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class FaultServerCollection : ICollectionFixture<FaultServer>
{
    public const string Name = "fault server";
}
