using System.Diagnostics;
using System.Globalization;
using Hubs.EventSourcing.Hosting;
using Hubs.EventSourcing.Regions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 6: the host <c>hubs</c> in a fresh process on the embedded default (a private, durable PostgreSQL) to its first
/// printed report, on a data directory that holds the demo story and on a brand-new one (initdb included), with the
/// PostgreSQL start shown separately (the host's own HUBS_TIMINGS figures); and, for the library alone, a fresh process to
/// its first appended event (this program again as a child process).
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
        bench.Report.Note($"Item 6: medians of {runs} fresh processes each; embedded default = PrivatePostgres with a durable data directory.");
        await HostReportAsync(bench, runs);
    }

    /// <summary>Runs <c>hubs report</c> as a user would (the built host, <c>dotnet hubs.dll</c>) and reads its HUBS_TIMINGS line.</summary>
    private static async Task HostReportAsync(Bench bench, int runs)
    {
        var host = HostDll();
        var root = Directory.CreateTempSubdirectory("hubs-bench-coldstart-");
        // As root the embedded server runs as 'postgres', which must be able to enter the folder (temp folders are 0700).
        if (!OperatingSystem.IsWindows())
            root.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
                                UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        try
        {
            var story = Path.Combine(root.FullName, "story");
            await RunHostAsync(host, "demo", story); // loads the story once; its own time is not the point
            double storyCheck = 0;
            foreach (var (label, fresh) in new[] { ("a data directory holding the demo story", false), ("a brand-new data directory (initdb included)", true) })
            {
                var results = new List<(double Wall, double FirstLine, double Pg, double Schema, double Ready, double Main, double Open, double Check, string Work)>();
                for (var i = 0; i < runs; i++)
                    results.Add(await RunHostAsync(host, "report", fresh ? Path.Combine(root.FullName, $"fresh-{i}") : story));
                var m = results.OrderBy(r => r.FirstLine).ElementAt(results.Count / 2);
                if (!fresh) storyCheck = results.Select(r => r.Check).Order().ElementAt(results.Count / 2);
                bench.Report.Add(new ResultRow("6", $"cold start of `hubs report` on {label}: first report line printed {m.FirstLine / 1000:0.00} s after launch " +
                    $"(runtime to Main {m.Main / 1000:0.00} s, PostgreSQL start {m.Pg / 1000:0.00} s; after process start: store open {m.Open / 1000:0.00} s, " +
                    $"schema check {m.Check / 1000:0.00} s ({m.Work}), schema checked {m.Schema / 1000:0.00} s, " +
                    $"projections caught up and report ready {m.Ready / 1000:0.00} s; process wall incl. shutdown {m.Wall / 1000:0.00} s)",
                    "", null, "report only"));
            }
            // What every start paid before the fingerprint: the full comparison, as `hubs storage migrate` still makes it.
            var migrations = new List<double>();
            for (var i = 0; i < runs; i++) migrations.Add(await MigrateSecondsAsync(host, story));
            var full = migrations.Order().ElementAt(migrations.Count / 2);
            bench.Report.Add(new ResultRow("6", $"schema check of a fresh `hubs report` on the demo story's current schema (fingerprint matched; includes the process's first connection) {storyCheck / 1000:0.00} s",
                $"the full comparison of a fresh `hubs storage migrate` (what every start did before) {full:0.00} s", full * 1000 / storyCheck, "(info)"));
        }
        finally
        {
            try { root.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<double> MigrateSecondsAsync(string host, string dataDirectory)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { host, "storage", "migrate", "--json", "--data-dir", dataDirectory }) psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("HUBS_CONNECTION_STRING");
        using var child = Process.Start(psi)!;
        var errors = child.StandardError.ReadToEndAsync();
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        if (child.ExitCode != 0) throw new InvalidOperationException($"hubs storage migrate failed (exit {child.ExitCode}):\n{await errors}");
        using var json = System.Text.Json.JsonDocument.Parse(output);
        return json.RootElement.GetProperty("seconds").GetDouble();
    }

    private static string HostDll()
    {
        // This program runs from tests/Hubs.EventSourcing.Benchmarks/bin/<configuration>/<tfm>/; the host builds beside it.
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (bin.Name, bin.Parent!.Name);
        var repo = bin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repo, "samples", "Hubs.SampleHost", "bin", configuration, tfm, "hubs.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The host was not built next to the benchmarks: {dll}");
    }

    private static async Task<(double Wall, double FirstLine, double Pg, double Schema, double Ready, double Main, double Open, double Check, string Work)> RunHostAsync(string host, string command, string dataDirectory)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { host, command, "--data-dir", dataDirectory }) psi.ArgumentList.Add(a);
        psi.Environment["HUBS_TIMINGS"] = "1";
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment.Remove("HUBS_CONNECTION_STRING");
        var sw = Stopwatch.StartNew();
        using var child = Process.Start(psi)!;
        var errors = child.StandardError.ReadToEndAsync();
        double firstLine = 0;
        while (await child.StandardOutput.ReadLineAsync() is { } line)
            if (firstLine == 0 && line.Trim().Length > 0) firstLine = sw.Elapsed.TotalMilliseconds;
        await child.WaitForExitAsync();
        var wall = sw.Elapsed.TotalMilliseconds;
        var stderr = await errors;
        if (child.ExitCode != 0) throw new InvalidOperationException($"hubs {command} failed (exit {child.ExitCode}):\n{stderr}");
        if (command != "report") return (wall, firstLine, 0, 0, 0, 0, 0, 0, "");
        // "timings: process start (to Main) 0.07 s; server start took 0.412 s; after process start: server up …, store open …,
        // schema check 0.37 s (fingerprint matched, no schema work), schema checked …, report ready 1.234 s"
        // (The console may wrap it: join the lines first.)
        var joined = string.Join(' ', stderr.Split('\n', StringSplitOptions.TrimEntries));
        var timings = joined[joined.IndexOf("timings:", StringComparison.Ordinal)..];
        double Seconds(string after) => double.Parse(timings[(timings.IndexOf(after, StringComparison.Ordinal) + after.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0],
            CultureInfo.InvariantCulture) * 1000;
        var work = timings[(timings.IndexOf("schema check ", StringComparison.Ordinal) + "schema check ".Length)..];
        work = work[(work.IndexOf('(') + 1)..work.IndexOf(')')];
        return (wall, firstLine, Seconds("server start took"), Seconds("schema checked"), Seconds("report ready"), Seconds("(to Main)"),
            Seconds("store open"), Seconds("schema check "), work);
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
