using System.Diagnostics;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>Settings of one harness run and the helpers every scenario uses.</summary>
internal sealed class Bench(bool shortMode, Report report, string connectionString)
{
    public bool Short { get; } = shortMode;
    public Report Report { get; } = report;
    public string ConnectionString { get; } = connectionString;

    /// <summary>Timed repetitions per variant; the best is kept (the machine is shared, and noise only ever slows a run).</summary>
    public int Repetitions => Short ? 1 : 2;

    public static readonly DateTimeOffset Epoch = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A store in a freshly emptied schema of its own, configured exactly as the library configures Marten.</summary>
    public static Task<HubsTestStore> StoreAsync(string name, Action<HubsOptions>? configure = null) =>
        HubsTestStore.CreateAsync("bench_" + name, configure);

    public static CommandContext Context(string reason = "benchmark") => CommandContext.New("bench:harness", reason, "synthetic series");

    public static async Task<double> TimeAsync(Func<Task> work)
    {
        var sw = Stopwatch.StartNew();
        await work();
        return sw.Elapsed.TotalMilliseconds;
    }

    public static double Time(Action work)
    {
        var sw = Stopwatch.StartNew();
        work();
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Waits (up to 30 s) until no autovacuum worker runs, after a checkpoint: a timed run must not share the two cores with
    /// PostgreSQL's background clean-up of what the previous run wrote.
    /// </summary>
    public async Task QuiesceAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using (var checkpoint = new Npgsql.NpgsqlCommand("checkpoint", conn)) await checkpoint.ExecuteNonQueryAsync();
        var deadline = Stopwatch.StartNew();
        await using var busy = new Npgsql.NpgsqlCommand("select count(*) from pg_stat_activity where backend_type = 'autovacuum worker'", conn);
        while ((long)(await busy.ExecuteScalarAsync())! > 0 && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
    }

    /// <summary>
    /// Runs <paramref name="variants"/> <see cref="Repetitions"/> times each, interleaved, each on a quiet server
    /// (<see cref="QuiesceAsync"/>), and keeps each one's best time.
    /// </summary>
    public async Task<double[]> BestOfAsync(params Func<int, Task<double>>[] variants)
    {
        var best = Enumerable.Repeat(double.MaxValue, variants.Length).ToArray();
        for (var rep = 0; rep < Repetitions; rep++)
            for (var v = 0; v < variants.Length; v++)
            {
                await QuiesceAsync();
                best[v] = Math.Min(best[v], await variants[v](rep));
            }
        return best;
    }

    /// <summary>
    /// Runs this harness again as a child process under <c>/usr/bin/time -v</c> with <paramref name="args"/>, and returns the
    /// milliseconds it prints on its line starting with <paramref name="resultPrefix"/> and its peak memory (max RSS).
    /// </summary>
    /// <param name="resultPrefix">The child's result line starts with it, then the milliseconds.</param>
    /// <param name="environment">Variables to set for the child (e.g. a GC heap limit), or null.</param>
    /// <param name="args">The child's arguments.</param>
    public static async Task<(double Ms, double PeakMb)> RunChildAsync(string resultPrefix, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var host = Environment.ProcessPath!;
        string[] command = Path.GetFileNameWithoutExtension(host) == "dotnet" ? [typeof(Bench).Assembly.Location, .. args] : args;
        var (code, output, errors, _, peakMb) = await RunTimedAsync(host, environment, command);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(resultPrefix + " ", StringComparison.Ordinal))
                   ?? throw new ChildFailedException($"The child ({string.Join(' ', args.Take(2))}) failed (exit {code}):\n{output}{errors}", peakMb);
        return (double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), peakMb);
    }

    /// <summary>Runs a program under <c>/usr/bin/time -v</c>: its exit code, output, wall time and peak RSS (MB).</summary>
    public static async Task<(int Code, string Out, string Err, double Ms, double PeakMb)> RunTimedAsync(string program,
        IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        psi.ArgumentList.Add("-v");
        psi.ArgumentList.Add(program);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        var ms = sw.Elapsed.TotalMilliseconds;
        var rss = errors.Split('\n').FirstOrDefault(l => l.Contains("Maximum resident set size", StringComparison.Ordinal));
        var kb = rss is null ? double.NaN : double.Parse(rss[(rss.LastIndexOf(':') + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (child.ExitCode, await output, errors, ms, kb / 1024);
    }
}

/// <summary>A child process that printed no result; <see cref="PeakMb"/> is what it reached before it failed.</summary>
internal sealed class ChildFailedException(string message, double peakMb) : Exception(message)
{
    public double PeakMb { get; } = peakMb;
}
