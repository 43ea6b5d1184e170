using System.Diagnostics;
using System.Globalization;
using Hubs.EventSourcing.Hosting;
using Hubs.EventSourcing.Regions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 6 (preparation): a fresh process on the embedded default (a private, durable PostgreSQL in a new data directory) to
/// its first appended event, with the PostgreSQL start shown separately. Runs this program again as a child process.
/// </summary>
internal static class ColdStartScenario
{
    public const string ChildFlag = "--cold-start-child";

    public static async Task RunAsync(Bench bench)
    {
        var runs = bench.Short ? 1 : 3;
        var results = new List<(double Wall, double Pg, double Append, double SinceStart)>();
        for (var i = 0; i < runs; i++) results.Add(await RunChildAsync());
        var m = results.OrderBy(r => r.Wall).ElementAt(results.Count / 2);
        bench.Report.Add(new ResultRow("6", $"cold start, fresh process to first event appended: {m.SinceStart / 1000:0.00} s " +
            $"(PostgreSQL initdb+start {m.Pg / 1000:0.00} s, store + schema + first append {m.Append / 1000:0.00} s; process wall incl. shutdown {m.Wall / 1000:0.00} s)",
            "", null, "report only"));
        bench.Report.Note($"Item 6: median of {runs} fresh processes; embedded default = PrivatePostgres with a new durable data directory.");
    }

    private static async Task<(double Wall, double Pg, double Append, double SinceStart)> RunChildAsync()
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") psi.ArgumentList.Add(typeof(ColdStartScenario).Assembly.Location);
        psi.ArgumentList.Add(ChildFlag);
        var sw = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        var errors = await child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        var wall = sw.Elapsed.TotalMilliseconds;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("COLDSTART ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"The cold-start child failed (exit {child.ExitCode}):\n{output}{errors}");
        var f = line.Split(' ')[1..].Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return (wall, f[0], f[1], f[2]);
    }

    /// <summary>The child: start the embedded PostgreSQL, register the library, append one event, print the timings.</summary>
    public static async Task<int> ChildAsync()
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        var sw = Stopwatch.StartNew();
        await using var pg = await PrivatePostgres.StartAsync();
        var pgMs = sw.Elapsed.TotalMilliseconds;
        var services = new ServiceCollection();
        services.AddMarten(o => o.Connection(pg.ConnectionString));
        services.AddHubsEventSourcing();
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.GetRequiredService<HubsCommands>().SendAsync(new RegisterRegion("beijing", "Beijing", RegionKind.Municipality),
                CommandContext.New("bench:cold-start", "first event", "Xinhua 2026-01-14"));
        }
        var appendMs = sw.Elapsed.TotalMilliseconds - pgMs;
        var sinceStart = (DateTime.UtcNow - started).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"COLDSTART {pgMs:0} {appendMs:0} {sinceStart:0}"));
        return 0;
    }
}
