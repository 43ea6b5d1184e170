using System.Globalization;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>The synthetic R&amp;D series the scenarios run on: regions with a yearly intensity figure.</summary>
internal static class Workload
{
    public static string RegionId(int r) => $"bench-{r:D5}";

    public static RegisterRegion Register(int r) => new(RegionId(r), $"Bench region {r}", RegionKind.Province);

    public static ReportRdIntensity Report(int r, int year) =>
        new(RegionId(r), year, 0.5m + (r * 7 + year) % 600 / 100m, 100m + r % 1000 + (year - 1950) * 3.5m, "CNY 100m",
            new DateOnly(year + 1, 8, 27), "NBS statistical communique");

    /// <summary>
    /// Events of item 1: stream r gets its registration then <paramref name="perStream"/> − 1 yearly reports, stream after
    /// stream, cut into batches (with 100 events per stream and batches of 1,000, each batch fills 10 streams), the shape
    /// the reference figures were measured with.
    /// </summary>
    public static List<IHubsCommand[]> Batches(int streams, int perStream, int batchSize)
    {
        var all = new List<IHubsCommand>(streams * perStream);
        for (var r = 0; r < streams; r++)
            for (var k = 0; k < perStream; k++)
                all.Add(k == 0 ? Register(r) : Report(r, 1950 + k - 1));
        return all.Chunk(batchSize).ToList();
    }

    /// <summary>The events those commands produce, as a raw Marten user would build them directly.</summary>
    public static object EventOf(IHubsCommand c) => c switch
    {
        RegisterRegion x => new RegionRegistered(x.RegionId, x.Name, x.Kind),
        ReportRdIntensity x => new RdIntensityReported(x.RegionId, x.Year, x.IntensityPct, x.Expenditure, x.ExpenditureUnit, x.PublishedOn, x.Source),
        _ => throw new ArgumentException(c.GetType().Name),
    };

    public static string StreamOf(IHubsCommand c) => Keys.Region(c switch
    {
        RegisterRegion x => x.RegionId,
        ReportRdIntensity x => x.RegionId,
        ReviseRdIntensity x => x.RegionId,
        _ => throw new ArgumentException(c.GetType().Name),
    });

    /// <summary>
    /// Item 2's input file: one row per region and year, then revisions of every 20th row published two years later
    /// (the census benchmark revisions statistics offices make), in the demo CSV's columns.
    /// </summary>
    public static string WriteSeriesCsv(string path, int regions, int years)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source");
        for (var y = 0; y < years; y++)
            for (var r = 0; r < regions; r++)
                Row(w, Report(r, 1950 + y));
        for (var y = 0; y < years; y++)
            for (var r = 0; r < regions; r++)
                if ((r + y) % 20 == 0)
                {
                    var c = Report(r, 1950 + y);
                    Row(w, c with { IntensityPct = c.IntensityPct + 0.01m, PublishedOn = c.PublishedOn.AddYears(2), Source = "NBS census revision" });
                }
        return path;
    }

    private static void Row(StreamWriter w, ReportRdIntensity c) =>
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.RegionId},{c.Year},{c.IntensityPct},{c.Expenditure},{c.ExpenditureUnit},{c.PublishedOn:yyyy-MM-dd},{c.Source}"));

    /// <summary>
    /// What an importer does with the file: register each region the first time it appears, report a year the first time,
    /// revise it when it appears again. Yields as it reads; what it remembers is each region's id once and a bit per year
    /// it has seen, and each distinct unit and source text once (a file repeats them on every row).
    /// </summary>
    public static IEnumerable<IHubsCommand> ReadSeriesCsv(string path)
    {
        var regions = new Dictionary<string, (string Id, System.Collections.BitArray Years)>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Shared(string value) => value.Length == 0 ? null : texts.TryGetValue(value, out var known) ? known : texts[value] = value;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            var year = int.Parse(f[1], CultureInfo.InvariantCulture);
            var pct = decimal.Parse(f[2], CultureInfo.InvariantCulture);
            decimal? expenditure = f[3].Length == 0 ? null : decimal.Parse(f[3], CultureInfo.InvariantCulture);
            var unit = Shared(f[4]);
            var published = DateOnly.ParseExact(f[5], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!regions.TryGetValue(f[0], out var region))
            {
                regions[f[0]] = region = (f[0], new System.Collections.BitArray(Rules.MaxYear - Rules.MinYear + 1));
                yield return new RegisterRegion(region.Id, region.Id, RegionKind.Province);
            }
            var seen = region.Years[year - Rules.MinYear];
            region.Years[year - Rules.MinYear] = true;
            yield return !seen
                ? new ReportRdIntensity(region.Id, year, pct, expenditure, unit, published, Shared(f[6])!)
                : new ReviseRdIntensity(region.Id, year, pct, expenditure, unit, published, Shared(f[6])!, "census benchmark revision");
        }
    }

    /// <summary>The whole file as a list (what <see cref="HubsCommands.SendBatchAsync"/> takes).</summary>
    public static List<IHubsCommand> ParseSeriesCsv(string path) => ReadSeriesCsv(path).ToList();

    /// <summary>The file as an asynchronous sequence (what <see cref="HubsCommands.ImportAsync"/> takes); each enumeration reads it again.</summary>
    public static async IAsyncEnumerable<IHubsCommand> StreamSeriesCsv(string path)
    {
        foreach (var command in ReadSeriesCsv(path)) yield return command;
        await Task.CompletedTask;
    }
}
