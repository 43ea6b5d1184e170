using System.Globalization;
using System.Text.RegularExpressions;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Import;

/// <summary>A row an import leaves out on purpose, with the reason: not an error, listed so nothing goes missing unseen.</summary>
internal sealed record SkippedRow(int Line, string Scope, string Indicator, string Reason);

/// <summary>
/// Plans an import of the official data pack's long format, as published:
/// <c>scope,year,indicator,value,unit,published_on,publisher,document,status</c>. The indicator key is the text before the
/// bracket, the bracket the source's own label (different labels stay different series). Values as printed: a plain number,
/// or a qualified one (超过/突破/&gt;/余 → over, 约/~/左右 → about, with 万/亿) recorded with its qualifier. Rules in README
/// (<c>import figures</c>).
/// </summary>
internal sealed partial class FiguresImport
{
    public static readonly string[] Columns = ["scope", "year", "indicator", "value", "unit", "published_on", "publisher", "document", "status"];
    private static readonly string[] Required = ["scope", "year", "indicator", "value", "unit"];

    private static readonly Dictionary<string, string> ColumnsByField = new(StringComparer.Ordinal)
    {
        ["scopeId"] = "scope", ["year"] = "year", ["indicator"] = "indicator", ["label"] = "indicator", ["value"] = "value", ["unit"] = "unit",
        ["qualifier"] = "value", ["publishedOn"] = "published_on", ["publisher"] = "publisher", ["document"] = "document", ["quality"] = "status",
    };

    /// <summary>
    /// Printed unit of a count or a ratio → the library's unit (null: whole units) and the factor the printed value is
    /// multiplied by. Money units (亿元, 万元, HK$ million, CNY bn …) are read by the library's one grammar, <see cref="MoneyUnit"/>.
    /// </summary>
    private static readonly Dictionary<string, (string? Unit, decimal Factor)> Units = new(StringComparer.Ordinal)
    {
        ["人年"] = (null, 1m), ["项"] = (null, 1m), ["件"] = (null, 1m), ["家"] = (null, 1m), ["万件"] = (null, 10_000m), ["万家"] = (null, 10_000m),
        ["%"] = ("%", 1m), ["rank"] = (null, 1m),
    };

    public required string DefaultSource { get; init; }
    public required DateOnly DefaultPublishedOn { get; init; }
    public bool SkipUnknownScopes { get; init; }

    public List<SkippedRow> Skipped { get; } = [];

    public ImportPlan Plan(string path, IReadOnlyList<Region> regions, IReadOnlyList<Cluster> clusters)
    {
        var (rows, errors) = CsvTable.Read(path, Columns, Required);
        var plan = new ImportPlan(path, Columns, ColumnsByField) { Rows = rows.Count };
        var seen = new Dictionary<string, (int Line, decimal Value, string? Unit, string? Qualifier, DateOnly PublishedOn)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var scopeText = row.Text("scope", required: true);
            var indicatorText = row.Text("indicator", required: true);
            var year = row.Int("year", required: true);
            var valueText = row.Text("value", required: true);
            var unitText = row.Text("unit", required: true);
            if (scopeText is null || indicatorText is null || year is not { } y || valueText is null || unitText is null) continue;
            var (key, label) = SplitIndicator(indicatorText);
            var status = row.Text("status") ?? "";
            void Skip(string reason) => Skipped.Add(new SkippedRow(row.Line, scopeText, key, reason));

            if (status.StartsWith("derived", StringComparison.OrdinalIgnoreCase))
            { Skip("derived: computed from two published values, not itself published; the catalogue computes it from the amounts"); continue; }
            if (key.StartsWith("gii_cluster_", StringComparison.Ordinal)) { Skip("a ranking's figure: import the file with hubs import ranking"); continue; }
            if (IndicatorCatalogue.BuiltIn.Find(key) is null) { Skip($"indicator '{key}' is not in the catalogue"); continue; }
            if (status.Contains("third-party count", StringComparison.OrdinalIgnoreCase)) { Skip("a third-party count, not an official statistic"); continue; }
            if (valueText.StartsWith("qualitative", StringComparison.OrdinalIgnoreCase)) { Skip("qualitative: no number"); continue; }

            var scope = FindScope(scopeText, regions, clusters);
            if (scope is null)
            {
                if (SkipUnknownScopes) Skip($"scope '{scopeText}' is neither a registered region nor a cluster");
                else row.Fail("scope", scopeText, "neither a registered region nor a cluster (by id or name; a source's regional aggregate as '<cluster> (region)'); register it, or pass --skip-unknown-scopes", "unknown-scope");
                continue;
            }
            var unitKey = StripNote(unitText);
            if (!Units.TryGetValue(unitKey, out var unit) && !TryMoney(unitKey, out unit))
            {
                row.Fail("unit", unitText, $"not a unit the data pack uses: {string.Join(", ", Units.Keys)}, or money as {MoneyUnit.Expected}", "unknown-unit");
                continue;
            }
            if (!TryValue(valueText, out var printed, out var qualifier))
            {
                row.Fail("value", valueText, "neither a number nor a qualified one (超过/突破/>/余 for over, 约/~/左右 for about, with 万 or 亿)", "not-a-number");
                continue;
            }
            var (publishedOn, publishedNote) = PublishedOn(row.Text("published_on"), row);
            if (publishedOn is null) continue;
            var document = row.Text("document") ?? DefaultSource;
            if (publishedNote is not null) document += $" (published_on as given: {publishedNote})";
            var value = printed * unit.Factor;

            var id = $"{scope.Value.Kind}|{scope.Value.Id}|{key}|{label}|{y}";
            if (seen.TryGetValue(id, out var earlier))
            {
                if (MoneyUnit.SameAmount(earlier.Value, earlier.Unit, value, unit.Unit) && earlier.Qualifier == qualifier) { Skip($"the same figure as line {earlier.Line}"); continue; }
                if (publishedOn <= earlier.PublishedOn)
                {
                    row.Fail("value", valueText, $"line {earlier.Line} gives {earlier.Value} for the same definition and year, published no earlier; keep one, or date the revision", "conflicting-figure");
                    continue;
                }
                plan.Add(new ReviseIndicatorFigure(scope.Value.Kind, scope.Value.Id, key, label, y, value, unit.Unit, qualifier, publishedOn.Value,
                    row.Text("publisher") ?? DefaultSource, document, status.Length > 0 ? status : "unstated",
                    $"a later publication than line {earlier.Line}"), row, "revision");
            }
            else
                plan.Add(new RecordIndicatorFigure(scope.Value.Kind, scope.Value.Id, key, label, y, value, unit.Unit, qualifier, publishedOn.Value,
                    row.Text("publisher") ?? DefaultSource, document, status.Length > 0 ? status : "unstated"), row, qualifier is null ? "figure" : "qualified");
            seen[id] = (row.Line, value, unit.Unit, qualifier, publishedOn.Value);
        }
        plan.ParseErrors = errors;
        return plan;
    }

    private static bool TryMoney(string text, out (string? Unit, decimal Factor) unit)
    {
        unit = MoneyUnit.TryParse(text, out var money) ? (money.ToString(), 1m) : default;
        return unit != default;
    }

    /// <summary><c>basic_research_expenditure [基础研究]</c> → key and label.</summary>
    internal static (string Key, string Label) SplitIndicator(string text)
    {
        var bracket = text.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0) return (text.Trim(), "");
        var end = text.LastIndexOf(']');
        var label = end > bracket ? text[(bracket + 1)..end] : text[(bracket + 1)..];
        return (text[..bracket].Trim(), label.Trim());
    }

    /// <summary>
    /// A printed value: <c>2500.9</c>; <c>超过5.1万</c> → 51000 over; <c>约7.7万</c> → 77000 about; <c>&gt;3800 (突破3800)</c> →
    /// 3800 over; <c>6.8 (更达6.8万亿元)</c> → 6.8 (a note in brackets is the source's wording, kept in the file).
    /// </summary>
    internal static bool TryValue(string text, out decimal value, out string? qualifier)
    {
        value = 0m;
        qualifier = null;
        var t = StripNote(text).Replace(" ", "", StringComparison.Ordinal);
        foreach (var (mark, q) in new[] { ("累计超过", "over"), ("超过", "over"), ("突破", "over"), ("逾", "over"), (">", "over"), ("约", "about"), ("~", "about") })
            if (t.StartsWith(mark, StringComparison.Ordinal)) { t = t[mark.Length..]; qualifier = q; break; }
        foreach (var (mark, q) in new[] { ("左右", "about"), ("余", "over"), ("多", "over") })
            if (t.EndsWith(mark, StringComparison.Ordinal)) { t = t[..^mark.Length]; qualifier ??= q; }
        var factor = 1m;
        if (t.EndsWith('万')) { factor = 10_000m; t = t[..^1]; }
        else if (t.EndsWith('亿')) { factor = 100_000_000m; t = t[..^1]; }
        if (!Parse.TryExactDecimal(t, out var number, out _)) return false;
        value = number * factor;
        return true;
    }

    /// <summary>An ISO date, or a year or month as the pack often gives (the period's last day: known by then at the latest).</summary>
    private (DateOnly? Date, string? Note) PublishedOn(string? text, DataRow row)
    {
        if (text is null) return (DefaultPublishedOn, "none; the day of import (or --published-on)");
        var m = DatePrefix().Match(text);
        if (!m.Success)
        {
            row.Fail("published_on", text, "no date, month or year at its start (yyyy-MM-dd, yyyy-MM or yyyy)", "not-a-date");
            return (null, null);
        }
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        DateOnly date;
        try
        {
            date = m.Groups["d"].Success ? new DateOnly(year, int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture))
                : m.Groups["m"].Success ? new DateOnly(year, int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), 1).AddMonths(1).AddDays(-1)
                : new DateOnly(year, 12, 31);
        }
        catch (ArgumentOutOfRangeException)
        {
            row.Fail("published_on", text, "not a calendar date", "not-a-date");
            return (null, null);
        }
        return (date, m.Groups["d"].Success && m.Length == text.Length ? null : text);
    }

    private static (ScopeKind Kind, string Id)? FindScope(string text, IReadOnlyList<Region> regions, IReadOnlyList<Cluster> clusters)
    {
        const string aggregate = " (region)";
        var name = text.EndsWith(aggregate, StringComparison.Ordinal) ? text[..^aggregate.Length].Trim() : null;
        bool Matches(string id, string n, string t) =>
            string.Equals(id, t, StringComparison.OrdinalIgnoreCase) || string.Equals(n, t, StringComparison.OrdinalIgnoreCase) || id == Keys.Slugify(t);
        if (name is not null)
            return clusters.FirstOrDefault(c => Matches(c.Id, c.Name, name)) is { } c ? (ScopeKind.Cluster, c.Id) : null;
        if (regions.FirstOrDefault(r => Matches(r.Id, r.Name, text)) is { } r) return (ScopeKind.Region, r.Id);
        return clusters.FirstOrDefault(c => Matches(c.Id, c.Name, text)) is { } cl ? (ScopeKind.Cluster, cl.Id) : null;
    }

    private static string StripNote(string text)
    {
        var note = text.IndexOf(" (", StringComparison.Ordinal);
        return (note > 0 ? text[..note] : text).Trim();
    }

    [GeneratedRegex(@"^(?<y>\d{4})(-(?<m>\d{2})(-(?<d>\d{2}))?)?", RegexOptions.CultureInvariant)]
    private static partial Regex DatePrefix();
}
