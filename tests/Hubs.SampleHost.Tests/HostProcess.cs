using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Hubs.SampleHost.Tests;

/// <summary>The built <c>hubs</c> tool run as a separate process, exactly as a user runs it.</summary>
internal sealed class HostProcess : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reading;
    private readonly SemaphoreSlim _printed = new(0);

    private HostProcess(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(HostDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("HUBS_CONNECTION_STRING");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        _reading = Task.WhenAll(Pump(_process.StandardOutput, _stdout), Pump(_process.StandardError, _stderr));
    }

    public static string HostDll { get; } = Path.GetFullPath(
        typeof(HostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HubsHost").Value!);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StdOut { get { lock (_stdout) return _stdout.ToString(); } }

    public string StdErr { get { lock (_stderr) return _stderr.ToString(); } }

    public static HostProcess Start(params string[] args) => Start(args, null);

    public static HostProcess Start(string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        File.Exists(HostDll).ShouldBeTrue($"the host should have been built to {HostDll}");
        return new HostProcess(args, environment);
    }

    /// <summary>Runs the tool to completion and returns its exit code with what it printed.</summary>
    public static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Runs the tool to completion with extra environment variables (e.g. a locale).</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        using var host = Start(args, environment);
        var code = await host.WaitAsync();
        return (code, host.StdOut, host.StdErr);
    }

    public async Task<int> WaitAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"hubs did not finish within {Timeout}.\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        }
        await _reading;
        return _process.ExitCode;
    }

    /// <summary>Waits (bounded) until stdout contains the text: the host reports readiness there.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!StdOut.Contains(text, StringComparison.Ordinal))
        {
            // Woken by every chunk the host prints, and once more when its output ends.
            var remaining = deadline - DateTime.UtcNow;
            if (_reading.IsCompleted || remaining <= TimeSpan.Zero || !await _printed.WaitAsync(remaining))
                throw new TimeoutException($"hubs never printed '{text}'.\nstdout:\n{StdOut}\nstderr:\n{StdErr}");
        }
    }

    /// <summary>Sends a POSIX signal (2 SIGINT, 15 SIGTERM) to the host only, as a terminal or a service manager would.</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        kill.ExitCode.ShouldBe(0, $"kill -{signal} {_process.Id} should succeed");
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _printed.Dispose();
    }

    private async Task Pump(StreamReader reader, StringBuilder sink)
    {
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
        {
            lock (sink) sink.Append(buffer, 0, n);
            _printed.Release();
        }
        _printed.Release();
    }
}
