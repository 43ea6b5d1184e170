using System.Text.RegularExpressions;
using Hubs.EventSourcing.Rankings;

namespace Hubs.SampleHost.Import;

/// <summary>
/// Plans the import of a ranking as the data pack prints it (<c>gii_clusters.csv</c>): the long format
/// <c>scope,year,indicator,value,unit,published_on,publisher,document,status</c>, one figure a row. Every cluster of every
/// edition is recorded, competitors included: the scope is the ranked name with its economy (<c>Tokyo–Yokohama (JP)</c>),
/// the year the edition, a <c>gii_cluster_rank</c> row its place as printed; share rows add to the cluster's entry. A second
/// source giving the same place is listed as skipped (the publisher's own copy is kept); one giving another place is an error (the library keeps one place a
/// cluster, changed only by a correction with a reason).
/// </summary>
internal sealed partial class RankingImport
{
    public const string RankKey = "gii_cluster_rank";
    private const string FilingsKey = "gii_cluster_share_pct_filings_pct";
    private const string PublicationsKey = "gii_cluster_share_pubs_pct";
    private static readonly string[] Required = ["scope", "year", "indicator", "value"];
    private const string SecondSource = "another source for the same place: the entry keeps one row's source (the publisher's own, where there is one)";

    private static readonly Dictionary<string, string> ColumnsByField = new(StringComparer.Ordinal)
    {
        ["ranking"] = "indicator", ["edition"] = "year", ["rankedName"] = "scope", ["economy"] = "scope", ["place"] = "value",
        ["sharePctFilings"] = "value", ["sharePublications"] = "value", ["publishedOn"] = "published_on", ["source"] = "document",
    };

    /// <summary>The ranking's name, e.g. <c>GII</c>: editions are stored as <c>ranking:gii-2025</c>.</summary>
    public required string Ranking { get; init; }
    public required string DefaultSource { get; init; }
    /// <summary>For rows with an empty published_on (--published-on); without it such a row's date stays unknown.</summary>
    public DateOnly? DefaultPublishedOn { get; init; }

    public List<SkippedRow> Skipped { get; } = [];

    private sealed class Entry(DataRow row, int edition, string name, string economy, string place, string? publishedOn, string source)
    {
        public DataRow Row { get; } = row;
        public int Edition { get; } = edition;
        public string Name { get; } = name;
        public string Economy { get; } = economy;
        public string Place { get; } = place;
        public string? PublishedOn { get; } = publishedOn;
        public string Source { get; } = source;
        public decimal? Filings { get; set; }
        public decimal? Publications { get; set; }
    }

    public ImportPlan Plan(string path, IReadOnlyList<RankingEdition> recorded)
    {
        var (rows, errors) = CsvTable.Read(path, FiguresImport.Columns, Required);
        var plan = new ImportPlan(path, FiguresImport.Columns, ColumnsByField) { Rows = rows.Count };
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var shares = new List<(DataRow Row, int Edition, string Name, string Key, decimal Value)>();
        foreach (var row in rows)
        {
            var scope = row.Text("scope", required: true);
            var edition = row.Int("year", required: true);
            var indicator = row.Text("indicator", required: true);
            var value = row.Text("value", required: true);
            if (scope is null || edition is not { } year || indicator is null || value is null) continue;
            var key = FiguresImport.SplitIndicator(indicator).Key;
            if (!key.StartsWith("gii_cluster_", StringComparison.Ordinal))
            {
                row.Fail("indicator", indicator, $"not a ranking row: this import takes {RankKey} (and the GII shares); figures go to hubs import figures", "not-a-ranking-row");
                continue;
            }
            if (ScopeName().Match(scope) is not { Success: true } named)
            {
                row.Fail("scope", scope, "a ranked name with its economy in brackets at the end, e.g. 'Tokyo–Yokohama (JP)' or 'Shenzhen–Hong Kong–Guangzhou (CN/HK)'", "no-economy");
                continue;
            }
            var name = named.Groups["name"].Value.Trim();
            if (key is FilingsKey or PublicationsKey)
            {
                if (row.Decimal("value") is { } share) shares.Add((row, year, name, key, share));
                continue;
            }
            if (key != RankKey)
            {
                Skipped.Add(new SkippedRow(row.Line, scope, key, "a ranking entry holds its place and its shares of world filings and publications, not this figure"));
                continue;
            }
            if (RankPlace.TryParse(value) is not { } place)
            {
                row.Fail("value", value, $"a place as printed: '12', a tie '=12' or a range '12 or 13' (1 to {RankPlace.MaxPlace})", "invalid-place");
                continue;
            }
            var (publishedOn, note) = PublishedOn(row.Text("published_on"));
            var source = $"{row.Text("publisher") ?? DefaultSource}: {row.Text("document") ?? DefaultSource}"
                + (note is null ? "" : $" (published_on as given: {note})") + (row.Text("status") is { } status ? $" [{status}]" : "");
            var entry = new Entry(row, year, name, named.Groups["economy"].Value, value.Trim(), publishedOn, source);
            if (entries.TryGetValue(EntryKey(year, name), out var first))
            {
                if (RankPlace.TryParse(first.Place) != place)
                {
                    row.Fail("value", value, $"line {first.Row.Line} gives {name} place {first.Place} in {Ranking} {year}; a second source does not move it: keep one (a recorded place changes only by a correction, with its reason)", "ranking-entry-differs");
                    continue;
                }
                // The same place twice: the publisher's own page is kept as the entry's source, the other row listed as skipped.
                var keepNew = Official(row) && !Official(first.Row);
                var skipped = keepNew ? first.Row : row;
                Skipped.Add(new SkippedRow(skipped.Line, skipped.Text("scope")!, key, SecondSource));
                if (!keepNew) continue;
            }
            entries[EntryKey(year, name)] = entry;
        }
        foreach (var (row, year, name, key, value) in shares)
        {
            if (!entries.TryGetValue(EntryKey(year, name), out var entry))
                Skipped.Add(new SkippedRow(row.Line, name, key, $"a share without the cluster's place in {Ranking} {year} in this file"));
            else if (key == FilingsKey) entry.Filings = value;
            else entry.Publications = value;
        }
        var stored = recorded.Where(e => RankedNames.Comparer.Equals(e.Ranking, Ranking)).ToDictionary(e => e.Edition);
        foreach (var e in entries.Values.OrderBy(e => e.Row.Line))
        {
            // Recorded at the same place already: nothing to send (another place is left to the library, which names it).
            if (stored.TryGetValue(e.Edition, out var edition) && edition.Entries.TryGetValue(e.Name, out var held)
                && held.Place == RankPlace.TryParse(e.Place))
            {
                plan.Unchanged++;
                continue;
            }
            plan.Add(new RecordRankingEntry(Ranking, e.Edition, e.Name, e.Economy, e.Place, e.Filings, e.Publications, e.PublishedOn, e.Source),
                e.Row, "entry");
        }
        plan.ParseErrors = errors;
        return plan;
    }

    /// <summary>One entry per cluster and edition, names compared as the library compares them (case, hyphen or en dash).</summary>
    private static string EntryKey(int edition, string name) => $"{edition}|{RankedNames.Normalize(name)}";

    private static bool Official(DataRow row) => row.Text("status")?.StartsWith("official", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The date at the start as the library takes it (a day, a month or a year; none when empty), and the whole text when it
    /// says more (<c>2024 (not shown)</c>, <c>2025-10-02 (ranking released 2025-09-01)</c>), kept in the source.
    /// </summary>
    private (string? Date, string? Note) PublishedOn(string? text)
    {
        if (text is null) return (DefaultPublishedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null);
        var m = DatePrefix().Match(text);
        if (!m.Success) return (text, null);
        return (m.Value, m.Length == text.Length ? null : text);
    }

    [GeneratedRegex(@"^(?<name>.+?)\s*\((?<economy>[A-Z]{2}(/[A-Z]{2})*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScopeName();

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?(?=$|\s)", RegexOptions.CultureInvariant)]
    private static partial Regex DatePrefix();
}
