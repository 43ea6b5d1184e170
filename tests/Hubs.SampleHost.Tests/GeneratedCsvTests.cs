using System.Text;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Import;
using Xunit.Abstractions;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// Seeded generated CSV files for <c>import rd</c>, <c>ranks</c> and <c>rates</c>: a valid file with one defect that must be
/// rejected (truncated line, wrong column count, stray quote, binary garbage, NUL, an unparsable number, date or year, a
/// 1 MB value, a missing column) plus harmless noise (BOM, CRLF). Hundreds are planned in-process; a few run through the
/// host: exit 1 with located errors, nothing written, never exit 70.
/// </summary>
public sealed class GeneratedCsvTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-gen-csv-").FullName;

    private static readonly Cluster Gba = new() { Id = "gba", Name = "Greater Bay Area", AnchorCity = "Shenzhen" };

    public static TheoryData<string> Formats() => ["rd", "ranks", "rates"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void every_generated_defect_is_found_and_located_by_the_planner(string format)
    {
        var random = Faults.FaultKit.Seeded(output, $"generated {format} files");
        var files = Faults.FaultKit.Rounds("HUBS_FUZZ_FILES", 150);
        var defects = new Dictionary<string, int>();
        for (var n = 0; n < files; n++)
        {
            var (path, defect) = Generate(format, random, n);
            defects[defect] = defects.GetValueOrDefault(defect) + 1;
            var plan = format switch
            {
                "rd" => new RdImport { DefaultSource = "gen", DefaultPublishedOn = new DateOnly(2026, 1, 14), RegisterMissingAs = RegionKind.Province }.Plan(path, []),
                "ranks" => new RanksImport { DefaultSource = "gen", DefaultPublishedOn = new DateOnly(2026, 1, 14) }.Plan(path, [Gba]),
                _ => new RatesImport { DefaultSource = "gen", DefaultPublishedOn = new DateOnly(2026, 1, 14) }.Plan(path),
            };
            var name = Path.GetFileName(path);
            // A NUL is not a CSV defect: it reaches the library's validation, which rejects it (invalid-character).
            if (defect == "nul" && plan.ParseErrors.Count == 0)
            {
                plan.Commands.ShouldContain(c => c.ToString()!.Contains('\0'), $"{name}: the NUL is passed on for the library to reject");
                continue;
            }
            plan.ParseErrors.ShouldNotBeEmpty($"{name} ({defect}) must be rejected");
            plan.ParseErrors.ShouldAllBe(e => e.File == name && e.Line >= 1, $"{name} ({defect}): every error names the file and a line");
            plan.ParseErrors.Sum(e => e.ToString().Length).ShouldBeLessThan(200_000, $"{name} ({defect}): error output stays bounded");
            File.Delete(path);
        }
        output.WriteLine($"{files} {format} files: " + string.Join(", ", defects.OrderBy(d => d.Key).Select(d => $"{d.Key} {d.Value}")));
        defects.Count.ShouldBeGreaterThan(5, "the generator covers many kinds of defect");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task a_generated_bad_file_through_the_host_exits_1_with_located_errors_and_writes_nothing(string format)
    {
        var random = Faults.FaultKit.Seeded(output, $"host {format} file");
        var db = await TestDatabase.CreateAsync(nameof(a_generated_bad_file_through_the_host_exits_1_with_located_errors_and_writes_nothing) + format);
        if (format == "ranks")
            (await HostProcess.RunAsync(db.Args("cluster", "establish", "gba", "--name", "Greater Bay Area", "--anchor-city", "Shenzhen"))).Code.ShouldBe(0);
        var before = await db.EventCountAsync();
        var (path, defect) = Generate(format, random, 0);

        var (code, stdout, err) = await HostProcess.RunAsync(db.Args(format == "rd" ? ["import", "rd", path, "--register-missing"] : ["import", format, path]));

        output.WriteLine($"{Path.GetFileName(path)}: {defect}, exit {code}, {err.Length} chars of errors");
        code.ShouldBe(1, $"{defect}: {err}");
        err.ShouldContain(Path.GetFileName(path) + ":", Case.Sensitive, "errors are located by file and line");
        (stdout.Length + err.Length).ShouldBeLessThan(200_000);
        (await db.EventCountAsync()).ShouldBe(before, "a rejected file writes nothing");
    }

    private static readonly string[] Defects =
        ["truncated", "extra-columns", "stray-quote", "binary", "nul", "bad-number", "bad-date", "bad-whole-number", "huge-value", "missing-column"];

    /// <summary>A file of 5–40 valid rows with exactly one defect, and maybe a BOM and CRLF line ends.</summary>
    private (string Path, string Defect) Generate(string format, Random random, int n)
    {
        var (header, row, numberColumn, dateColumn, wholeColumn) = format switch
        {
            "rd" => ("region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
                (Func<int, string[]>)(i => [$"gen-{i % 7}", $"{2000 + i}", $"{1 + i % 5}.{i % 10}", "", "", "2024-09-01", "NBS"]), 2, 5, 1),
            "ranks" => ("cluster,ranking,edition,rank,ranked_name,published_on,source",
                i => ["gba", "Global Innovation Index", $"{2000 + i}", $"{1 + i % 9}", "", "2024-09-01", "WIPO"], 3, 5, 2),
            _ => ("currency,year,cny_per_unit,published_on,source",
                i => ["HKD", $"{1900 + i}", $"0.{80 + i % 19}", "2024-09-01", "HKMA"], 2, 3, 1),
        };
        var rows = Enumerable.Range(0, random.Next(5, 41)).Select(row).ToList();
        var at = random.Next(rows.Count);
        var headerLine = header;
        var tail = "";
        var defect = Defects[random.Next(Defects.Length)];
        string[] Bad(params string[] values) => values;
        switch (defect)
        {
            case "truncated": tail = string.Join(',', rows[at][..2]); break;
            case "extra-columns": rows[at] = [.. rows[at], "extra", "more"]; break;
            case "stray-quote": rows[at][^1] = "\"" + rows[at][^1]; break;
            case "nul": rows[at][0] = rows[at][0].Insert(1, "\0"); break;
            case "bad-number": rows[at][numberColumn] = Pick(random, Bad("NaN", "Infinity", "-∞", "1e400", "abc", "1,5", "0x10", "--1")); break;
            case "bad-date": rows[at][dateColumn] = Pick(random, Bad("2021-02-30", "2021-13-01", "not-a-date", "99999-01-01", "2021/01/01")); break;
            case "bad-whole-number": rows[at][wholeColumn] = Pick(random, Bad("20x2", "2.5", "99999999999", "", "二〇二一")); break;
            case "huge-value": rows[at][numberColumn] = new string('9', 1_000_000) + "x"; break;
            case "missing-column": headerLine = string.Join(',', header.Split(',').Where((_, c) => c != numberColumn)); break;
        }
        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        var text = string.Join(newline, [headerLine, .. rows.Select(r => string.Join(',', r)), .. tail.Length > 0 ? [tail] : Array.Empty<string>()]);
        if (tail.Length == 0) text += newline;
        var bytes = new List<byte>();
        if (random.Next(3) == 0) bytes.AddRange([0xEF, 0xBB, 0xBF]);
        bytes.AddRange(Encoding.UTF8.GetBytes(text));
        if (defect == "binary")
        {
            var garbage = new byte[random.Next(64, 4096)];
            random.NextBytes(garbage);
            garbage[random.Next(garbage.Length)] = 0;
            bytes.AddRange(garbage);
        }
        var path = Path.Combine(_dir, $"{format}-{n:0000}.csv");
        File.WriteAllBytes(path, [.. bytes]);
        return (path, defect);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
