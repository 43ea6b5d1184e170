using System.Diagnostics;
using System.Globalization;

namespace Hubs.EventSourcing.Hosting;

// Servers left behind by a process that died (pg_ctl daemonizes them): recognised by the owner stamp next to each data
// directory, stopped and deleted at the next start.
public sealed partial class PrivatePostgres
{
    /// <summary>Stops private servers whose owning process has exited (e.g. a test run killed half-way), and deletes their data.</summary>
    private static async Task StopOrphansAsync(string bin, CancellationToken ct)
    {
        if (!Directory.Exists(EphemeralRoot)) return;
        foreach (var dir in Directory.GetDirectories(EphemeralRoot))
        {
            var ownerPath = Path.Combine(dir, OwnerFile);
            string stamp;
            try { stamp = await File.ReadAllTextAsync(ownerPath, ct).ConfigureAwait(false); }
            catch (IOException) { stamp = ""; }
            catch (UnauthorizedAccessException) { continue; }
            if (IsOwnerAlive(stamp)) continue;
            if (string.IsNullOrEmpty(stamp) && Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-2)) continue; // still initialising
            if (File.Exists(Path.Combine(dir, "postmaster.pid")))
                await RunAsync(bin, "pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"], ct, throwOnError: false).ConfigureAwait(false);
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<int?> LiveOwnerAsync(string dir, CancellationToken ct)
    {
        string stamp;
        try { stamp = await File.ReadAllTextAsync(Path.Combine(dir, OwnerFile), ct).ConfigureAwait(false); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        if (!IsOwnerAlive(stamp)) return null;
        var pid = int.Parse(stamp.Split(' ')[0], CultureInfo.InvariantCulture);
        return pid == Environment.ProcessId ? null : pid;
    }

    /// <summary>The running server's connection string, from the port PostgreSQL records in postmaster.pid (4th line).</summary>
    private static string SharedConnectionString(string dir)
    {
        try
        {
            var port = File.ReadLines(Path.Combine(dir, "postmaster.pid")).Skip(3).First().Trim();
            return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return "(unknown port)";
        }
    }

    /// <summary>Process id plus its start time, so a recycled process id is not mistaken for the owner.</summary>
    internal static string OwnerStamp(int pid) => $"{pid} {ProcessStartTicks(pid)}";

    /// <summary>
    /// True while the process that stamped the directory runs: same pid, same start time (a reused pid is another process),
    /// and not dead waiting to be reaped (a zombie: killed with <c>kill -9</c> by a parent that has not yet collected it).
    /// </summary>
    internal static bool IsOwnerAlive(string stamp)
    {
        var parts = stamp.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid)) return false;
        var started = ProcessStartTicks(pid);
        return started.Length > 0 && started == parts[1];
    }

    private static string ProcessStartTicks(int pid)
    {
        try
        {
            // Field 22 of /proc/<pid>/stat is the start time in clock ticks since boot.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Field 3, the state: Z (zombie) or X (dead) is a process that has exited; its server is an orphan.
            return fields[0] is "Z" or "X" ? "" : fields[19];
        }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
