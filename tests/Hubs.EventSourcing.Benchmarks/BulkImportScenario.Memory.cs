namespace Hubs.EventSourcing.Benchmarks;

// Item 2's memory rows: a million-row file imported in child processes under /usr/bin/time -v.
internal static partial class BulkImportScenario
{
    /// <summary>The GC heap limit the streamed import's memory row runs under: 180 MB (the process adds ≈ 100 MB of its own).</summary>
    private const string HeapLimit = "0xB400000";

    /// <summary>
    /// Peak memory of importing a file of a million rows (10,000 regions × 100 years), each in a child process under
    /// <c>/usr/bin/time -v</c>: streamed with ImportAsync under a 180 MB GC heap limit (the bound it keeps), the same without
    /// a limit (what the GC takes when it may: it collects later), parsed whole then sent with SendBatchAsync, and the same
    /// file through the sample host (<c>hubs import rd</c>, which plans the whole file, then streams it through ImportAsync).
    /// A child that fails (out of memory under the limit) is reported with the peak it reached, not dropped.
    /// </summary>
    public static async Task MemoryAsync(Bench bench)
    {
        var (regions, years) = bench.Short ? (100, 20) : (10_000, 100);
        // A file of this run's own: a streamed import reads it as it goes, and another run rewriting a shared name meanwhile
        // would cut its input short (an import of 140,052 events instead of 1,060,000 was seen so).
        var csv = Workload.WriteSeriesCsv(Path.Combine(Path.GetTempPath(), $"hubs-bench-series-{regions}x{years}-{Environment.ProcessId}.csv"), regions, years);
        try
        {
            var results = new Dictionary<string, (double Ms, double PeakMb, long Events, string? Failed)>();
            foreach (var (name, mode, limit) in new[] { ("bounded", "streamed", true), ("streamed", "streamed", false), ("batch", "batch", false) })
            {
                await using var target = await Bench.StoreAsync($"2_mem_{name}");
                await bench.QuiesceAsync();
                var environment = limit ? new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit } : null;
                try
                {
                    var (ms, peak) = await Bench.RunChildAsync("IMPORT", environment, ChildFlag, mode, csv, target.Schema, target.ConnectionString);
                    results[name] = (ms, peak, await target.ScalarAsync<long>("select count(*) from mt_events"), null);
                }
                catch (ChildFailedException failed)
                {
                    var reason = failed.Message.Contains("OutOfMemory", StringComparison.Ordinal) || failed.Message.Contains("Out of memory", StringComparison.Ordinal)
                        ? "out of memory" : "failed";
                    Console.WriteLine($"   {name}: {reason} at {failed.PeakMb:0} MB");
                    results[name] = (double.NaN, failed.PeakMb, await target.ScalarAsync<long>("select count(*) from mt_events"), reason);
                }
            }
            var (l, s, b) = (results["bounded"], results["streamed"], results["batch"]);
            string Outcome((double Ms, double PeakMb, long Events, string? Failed) r) =>
                r.Failed is { } f ? $"{f} at {r.PeakMb:0} MB" : $"{r.PeakMb:0} MB, {Report.Rate(r.Events / (r.Ms / 1000))}";
            foreach (var r in new[] { l, s }.Where(r => r.Failed is null))
                if (r.Events != b.Events) throw new InvalidOperationException($"A streamed import wrote {r.Events} events, the batch {b.Events}.");
            bench.Report.Add(new ResultRow("2", $"peak memory (max RSS) of a {regions * years:N0}-row import ({b.Events:N0} events) through ImportAsync under a 180 MB GC heap limit: " +
                                                Outcome(l),
                $"the same file parsed whole and sent with SendBatchAsync (no limit: it needs more): {Outcome(b)}", null,
                "≤ 300 MB" + (bench.Short ? "" : l.Failed is null && l.PeakMb <= 300 ? " (met)" : " (MISSED)")));
            bench.Report.Add(new ResultRow("2", $"the same ImportAsync without a heap limit: {Outcome(s)}",
                "(the GC grows the heap when it may; the limit shows what the import needs)", null, "(info)"));
        }
        finally
        {
            File.Delete(csv);
        }
        await HostMemoryAsync(bench);
    }

    /// <summary>
    /// A file of about a million rows through the sample host's <c>hubs import rd</c> (its Release build beside this
    /// repository), with and without the heap limit: 13,000 regions × 73 years (1950–2022) plus the revisions, since the host
    /// refuses publications dated after today and the library rows' file runs to 2049. Skipped with a note when the host is
    /// not built. <c>--only 2h</c> runs these rows alone.
    /// </summary>
    public static async Task HostMemoryAsync(Bench bench)
    {
        var (regions, years) = bench.Short ? (100, 20) : (13_000, 73);
        // A file of this run's own: the host reads it again while it imports, and another run writing the shared name meanwhile
        // makes the host refuse the import as a file that changed under it.
        var csv = Workload.WriteSeriesCsv(Path.Combine(Path.GetTempPath(), $"hubs-bench-series-{regions}x{years}-{Environment.ProcessId}.csv"), regions, years);
        try
        {
            await HostRunsAsync(bench, csv, regions, years);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    private static async Task HostRunsAsync(Bench bench, string csv, int regions, int years)
    {
        var rows = File.ReadLines(csv).Count() - 1;
        var hubs = HostExecutable();
        if (hubs is null)
        {
            bench.Report.Note("Item 2's `hubs import` memory row was skipped: build samples/Hubs.SampleHost in Release first.");
            return;
        }
        foreach (var limit in new[] { true, false })
        {
            await using var target = await Bench.StoreAsync(limit ? "2_mem_hubs_bounded" : "2_mem_hubs");
            await bench.QuiesceAsync();
            var environment = limit ? new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit } : null;
            var (code, _, err, ms, peak) = await Bench.RunTimedAsync(hubs, environment, "import", "rd", csv, "--register-missing",
                "--connection", target.ConnectionString, "--schema", target.Schema);
            var written = await target.ScalarAsync<long>("select count(*) from mt_events");
            var outcome = code == 0
                ? $"{peak:0} MB, {Report.Rate(written / (ms / 1000))} (process wall time, planning the file included)"
                : $"failed (exit {code}{(err.Contains("OutOfMemory", StringComparison.Ordinal) || err.Contains("Out of memory", StringComparison.Ordinal) ? ", out of memory" : "")}) at {peak:0} MB, {written:N0} events written";
            Console.WriteLine($"   hubs import rd{(limit ? " under the heap limit" : "")}: {outcome}{(code == 0 ? "" : "\n" + err[..Math.Min(err.Length, 600)])}");
            bench.Report.Add(new ResultRow("2", $"peak memory (max RSS) of `hubs import rd` of a {rows:N0}-row file ({regions:N0} regions × {years} years and revisions){(limit ? " under the 180 MB GC heap limit" : " without a heap limit")}: {outcome}",
                "", null, limit ? "≤ 300 MB" + (bench.Short ? "" : code == 0 && peak <= 300 ? " (met)" : " (MISSED)") : "(info)"));
        }
    }

    private static string? HostExecutable()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "Hubs.SampleHost", "bin", "Release", "net10.0", "hubs");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

}
