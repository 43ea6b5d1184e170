using System.Diagnostics;
using Hubs.EventSourcing.Benchmarks;
using Hubs.EventSourcing.Testing;

// The benchmark harness of docs/performance.md. Full run (a few minutes):
//   dotnet run -c Release --project tests/Hubs.EventSourcing.Benchmarks
// CI smoke (proves the scenarios still run; timings are not judged): add --short.
// Options: --only 1,1l,1b,1s,1t,2,6,4,5,7,8 (5 also runs 3: one load; 2m runs only 2's memory rows, 2h only its hubs rows)   --out <markdown file>
// Soak (docs/reliability.md): --soak <minutes> [--writers 16] [--streams 100] [--hot 0.2] [--interval <s>] [--seed N] [--out <file>]
if (args.Contains(ColdStartScenario.ChildFlag)) return await ColdStartScenario.ChildAsync();
if (args.Contains("--soak"))
{
    var minutes = double.Parse(Option("--soak") ?? "10", System.Globalization.CultureInfo.InvariantCulture);
    var duration = TimeSpan.FromMinutes(minutes);
    var soakOut = Option("--out") ?? Path.Combine("artifacts", "benchmarks", "soak.md");
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(soakOut))!);
    return await SoakScenario.RunAsync(new SoakScenario.Settings(duration, int.Parse(Option("--writers") ?? "16"), int.Parse(Option("--streams") ?? "100"),
        double.Parse(Option("--hot") ?? "0.2", System.Globalization.CultureInfo.InvariantCulture),
        TimeSpan.FromSeconds(double.Parse(Option("--interval") ?? (minutes < 2 ? "10" : "30"), System.Globalization.CultureInfo.InvariantCulture)),
        int.Parse(Option("--seed") ?? "18"), soakOut));
}
if (args.Contains(ReplayScenario.ChildFlag)) return await ReplayScenario.ChildAsync(args);
if (args.Contains(BulkImportScenario.ChildFlag)) return await BulkImportScenario.ChildAsync(args);

var shortMode = args.Contains("--short");
var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
var output = Option("--out") ?? Path.Combine("artifacts", "benchmarks", shortMode ? "results-short.md" : "results.md");

var clock = Stopwatch.StartNew();
var connectionString = await TestPostgres.ConnectionStringAsync();
Console.WriteLine($"Benchmarks ({(shortMode ? "short: smoke only, timings not judged" : "full")}) on " +
                  (TestPostgres.Server is { } s ? $"a private PostgreSQL (fsync off), started in {s.StartupTime.TotalSeconds:0.00} s" : "HUBS_CONNECTION_STRING"));
var report = new Report(judged: !shortMode);
var bench = new Bench(shortMode, report, connectionString);

(string Item, Func<Bench, Task> Run)[] scenarios =
[
    ("1", CommandPathScenario.RunAsync),
    ("1l", CommandPathScenario.LayersAsync), // only item 1's layer rows (part of 1), for development runs
    ("1b", SequentialScenario.RunAsync),
    ("1s", SigningScenario.RunAsync),
    ("1t", TelemetryScenario.RunAsync),
    ("2", BulkImportScenario.RunAsync),
    ("2m", BulkImportScenario.MemoryAsync), // only item 2's memory rows (part of 2), for development runs
    ("2h", BulkImportScenario.HostMemoryAsync), // only item 2's `hubs import` memory rows (part of 2m)
    ("6", ColdStartScenario.RunAsync),
    ("4", TimeTravelScenario.RunAsync),
    ("5", ReplayScenario.RunAsync),
    ("7", UpcastScenario.RunAsync),
    ("8", ContentionScenario.RunAsync),
];
foreach (var (item, run) in scenarios)
{
    if (only is not null ? !only.Contains(item) : item is "1l" or "2m" or "2h") continue;
    Console.WriteLine($"== item {item}");
    var sw = Stopwatch.StartNew();
    await run(bench);
    Console.WriteLine($"   ({sw.Elapsed.TotalSeconds:0.0} s)");
}

report.PrintTable();
var machine = await Machine.DescribeAsync(connectionString);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report.Markdown(
    $"Benchmark results ({(shortMode ? "short mode: smoke only, timings not judged" : "full")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {clock.Elapsed.TotalSeconds:0} s)", machine));
Console.WriteLine();
foreach (var m in machine) Console.WriteLine(m);
Console.WriteLine($"Results written to {output} ({clock.Elapsed.TotalSeconds:0} s).");
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
