using System.Diagnostics;

namespace Hubs.SampleHost.Tests;

/// <summary>Runs another program (python3, sha256sum, chromium) to completion, bounded, and returns what it printed.</summary>
internal static class Programs
{
    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> args, string? directory = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (directory is not null) start.WorkingDirectory = directory;
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within 2 minutes");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
