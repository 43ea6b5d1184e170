using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Hubs.EventSourcing.Hosting;

/// <summary>Where and how to run a <see cref="PrivatePostgres"/>.</summary>
public sealed class PrivatePostgresOptions
{
    /// <summary>
    /// Data directory. Null: a throwaway directory under the temp folder, deleted when the server stops. Set: a persistent
    /// store, initialised on first use and kept between runs.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// Whether writes are flushed to disk (fsync). Keep true for anything you want to keep; tests may turn it off for
    /// speed. Ignored (always true) for a persistent <see cref="DataDirectory"/>.
    /// </summary>
    public bool Durable { get; set; } = true;

    /// <summary>Directory holding <c>initdb</c> and <c>pg_ctl</c>. Null: searched on PATH, then /usr/lib/postgresql/*/bin, newest first.</summary>
    public string? BinDirectory { get; set; }
}

/// <summary>
/// A private PostgreSQL server started from the machine's own binaries on a free loopback port: the embedded default when
/// no connection string is configured. Dispose it to stop the server. A process that dies without disposing leaves a
/// server behind; the next <see cref="StartAsync"/> on this machine finds it (its owner is gone) and stops it.
/// </summary>
public sealed partial class PrivatePostgres : IAsyncDisposable
{
    private const string OwnerFile = "hubs-owner.pid";
    private static readonly string EphemeralRoot = Path.Combine(Path.GetTempPath(), "hubs-pg");
    private readonly string _bin;
    private readonly bool _ephemeral;
    private int _stopped;

    private PrivatePostgres(string bin, string dataDirectory, int port, bool ephemeral, TimeSpan startup)
    {
        _bin = bin;
        DataDirectory = dataDirectory;
        Port = port;
        _ephemeral = ephemeral;
        StartupTime = startup;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Connection string for the superuser <c>postgres</c> on database <c>postgres</c>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=15;Command Timeout=300";

    /// <summary>The server's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>How long initialisation and start took.</summary>
    public TimeSpan StartupTime { get; }

    /// <summary>Initialises (if needed) and starts a server. Stops orphaned private servers first.</summary>
    /// <exception cref="InvalidOperationException">No PostgreSQL binaries were found, or the server failed to start (the message includes its log).</exception>
    public static async Task<PrivatePostgres> StartAsync(PrivatePostgresOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PrivatePostgresOptions();
        var clock = Stopwatch.StartNew();
        var bin = FindBinDirectory(options.BinDirectory);
        await StopOrphansAsync(bin, cancellationToken).ConfigureAwait(false);

        var ephemeral = options.DataDirectory is null;
        var dir = ephemeral ? Path.Combine(EphemeralRoot, Guid.NewGuid().ToString("N")[..12]) : Path.GetFullPath(options.DataDirectory!);
        var durable = !ephemeral || options.Durable;

        if (!ephemeral) await EnsureServerUserCanReachAsync(dir, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(Path.Combine(dir, "PG_VERSION")))
            await InitAsync(bin, dir, durable, cancellationToken).ConfigureAwait(false);
        else if (File.Exists(Path.Combine(dir, "postmaster.pid")))
        {
            // A server left by a process that died is ours to stop; one whose owner still runs is not (a second
            // command on the same store while, e.g., a long import or 'serve' runs): say how to share it instead.
            if (await LiveOwnerAsync(dir, cancellationToken).ConfigureAwait(false) is { } owner)
                throw new InvalidOperationException(
                    $"The data directory '{dir}' is in use by the server of running process {owner}. Connect to that server instead " +
                    $"(connection string '{SharedConnectionString(dir)}'), or stop process {owner} first.");
            await RunAsync(bin, "pg_ctl", ["-D", dir, "-m", "fast", "-w", "stop"], cancellationToken, throwOnError: false).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(dir, OwnerFile), OwnerStamp(Environment.ProcessId), cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var settings = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" +
                // A throw-away server serves a whole test run's parallel classes, writers and daemons at once: PostgreSQL's
                // default of 100 connections was seen exhausted (53300) there.
                (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
            try
            {
                await RunAsync(bin, "pg_ctl", ["-D", dir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60", "-o", settings, "start"],
                    cancellationToken).ConfigureAwait(false);
                return new PrivatePostgres(bin, dir, port, ephemeral, clock.Elapsed);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely the free port was taken between probing and binding; try another.
            }
        }
    }

    /// <summary>Stops the server (fast shutdown) and, for a throwaway data directory, deletes it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await RunAsync(_bin, "pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None, throwOnError: false)
            .ConfigureAwait(false);
        Cleanup();
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        RunAsync(_bin, "pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None, throwOnError: false)
            .GetAwaiter().GetResult();
        Cleanup();
    }

    private void Cleanup()
    {
        try
        {
            if (_ephemeral) Directory.Delete(DataDirectory, recursive: true);
            else File.Delete(Path.Combine(DataDirectory, OwnerFile));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Finds the directory holding <c>initdb</c> and <c>pg_ctl</c>: the given one, then PATH, then /usr/lib/postgresql/*/bin
    /// (newest version first).
    /// </summary>
    /// <exception cref="InvalidOperationException">None found; the message lists where it looked and what to do.</exception>
    internal static string FindBinDirectory(string? preferred = null)
    {
        var candidates = new List<string>();
        if (preferred is not null) candidates.Add(preferred);
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
            candidates.AddRange(Directory.GetDirectories(debianRoot)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        foreach (var dir in candidates)
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return ResolveLinks(dir);
        throw new InvalidOperationException(
            "No PostgreSQL server binaries (initdb, pg_ctl) were found. Looked in: " + string.Join(", ", candidates.Distinct()) + ". " +
            "Install PostgreSQL (e.g. 'apt-get install postgresql'), or point the library at an existing server by setting " +
            "HUBS_CONNECTION_STRING (e.g. 'Host=localhost;Username=postgres;Password=…;Database=hubs').");
    }

    private static string ResolveLinks(string dir)
    {
        var initdb = new FileInfo(Path.Combine(dir, "initdb"));
        return initdb.ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetDirectoryName(target.FullName)! : dir;
    }

    private static async Task InitAsync(string bin, string dir, bool durable, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        if (IsRoot)
        {
            // initdb refuses to run as root: the cluster belongs to the 'postgres' user, who must be able to reach it.
            await RunProcessAsync("chown", ["postgres:postgres", dir], ct).ConfigureAwait(false);
        }
        var args = new List<string> { "-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8" };
        if (!durable) args.Add("--no-sync");
        await RunAsync(bin, "initdb", args, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// As root the server runs as the 'postgres' user, which must be able to reach the data directory: a directory under
    /// /root (mode 700) is the usual trap, and initdb's own error for it is cryptic.
    /// </summary>
    private static async Task EnsureServerUserCanReachAsync(string dir, CancellationToken ct)
    {
        if (!IsRoot) return;
        // An uninitialised directory is handed to 'postgres' by initdb's chown, so only the way to it must be open.
        var probe = File.Exists(Path.Combine(dir, "PG_VERSION")) ? dir : Path.GetDirectoryName(dir) ?? dir;
        while (!Directory.Exists(probe) && Path.GetDirectoryName(probe) is { } parent) probe = parent;
        var exit = await RunProcessAsync("runuser", ["-u", "postgres", "--", "test", "-x", probe], ct, throwOnError: false).ConfigureAwait(false);
        if (exit != 0)
            throw new InvalidOperationException(
                $"The data directory '{dir}' is out of reach of the 'postgres' user, which the server runs as when this process is root " +
                $"('{probe}' or a directory above it cannot be entered by that user; /root is a common cause). " +
                "Choose a directory it can reach, e.g. /var/lib/hubs/pgdata, or run as a non-root user.");
    }

    private static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsync(string bin, string tool, IEnumerable<string> args, CancellationToken ct, bool throwOnError = true)
    {
        var exe = Path.Combine(bin, tool);
        return IsRoot
            ? RunProcessAsync("runuser", ["-u", "postgres", "--", exe, .. args], ct, throwOnError)
            : RunProcessAsync(exe, args, ct, throwOnError);
    }

    private static async Task<int> RunProcessAsync(string file, IEnumerable<string> args, CancellationToken ct, bool throwOnError = true)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0 && throwOnError)
        {
            var log = "";
            var dataDir = psi.ArgumentList.SkipWhile(a => a != "-D").Skip(1).FirstOrDefault();
            if (dataDir is not null && File.Exists(Path.Combine(dataDir, "server.log")))
                log = "\nserver.log:\n" + string.Join('\n', File.ReadLines(Path.Combine(dataDir, "server.log")).TakeLast(20));
            throw new InvalidOperationException(
                $"'{file} {string.Join(' ', psi.ArgumentList)}' failed with exit code {process.ExitCode}:\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}{log}");
        }
        return process.ExitCode;
    }
}
