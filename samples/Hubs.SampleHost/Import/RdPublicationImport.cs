using Hubs.EventSourcing;
using Hubs.EventSourcing.Publications;
using Hubs.EventSourcing.Regions;

namespace Hubs.SampleHost.Import;

/// <summary>
/// Plans an rd file that says who published each row (a <c>publisher</c>, <c>document</c> or <c>status</c> column): every row
/// is one publication (<see cref="RecordRdPublication"/>), in any order, so NBS's communiqué of 2025-09-29 imported after a
/// Xinhua quote of 2026-01-14 is recorded, not refused as an earlier "revision"; the as-known-at rule (docs/tracking.md)
/// decides which figure is in use. The date is kept as precise as the file gives it (day, month, yearbook edition year,
/// unknown); the quality is read from the status words.
/// </summary>
internal static class RdPublicationImport
{
    /// <summary>The columns that make a file a file of publications.</summary>
    public static readonly string[] Columns = ["publisher", "document", "status"];

    public static bool Applies(IEnumerable<DataRow> rows) => rows.Any(r => Columns.Any(r.Values.ContainsKey));

    /// <summary>Adds each row's publication to <paramref name="plan"/>; a row the store (or the file, above it) already holds is unchanged.</summary>
    public static void Plan(RdImport import, ImportPlan plan, IEnumerable<DataRow> rows, RegionNames names, IReadOnlyList<Region> regions)
    {
        // What each region/year already has, as the decider compares it: date as the type writes it, figure, amount in any unit.
        var known = regions.SelectMany(r => r.Publications.SelectMany(p => p.Value.Select(e => (Key: (r.Id, p.Key), e))))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.e).ToList());
        foreach (var row in rows)
        {
            var (regionText, year, pct, expenditure, unit) = RdImport.Figure(row);
            var date = Date(import, row);
            var quality = Quality(row);
            var source = row.Text("source");
            var publisher = row.Text("publisher") ?? source ?? import.DefaultSource;
            var document = row.Text("document") ?? source ?? import.DefaultSource;
            if (regionText is null) continue;

            var (regionId, register) = import.RegionOf(row, regionText, names);
            if (register is not null) plan.Add(register, row, "register");
            if (regionId is null) continue;
            if (year is not { } y || pct is not { } p || date is null || quality is not { } q) continue;

            var list = known.TryGetValue((regionId, y), out var l) ? l : known[(regionId, y)] = [];
            var text = date.ToString();
            // The same figure on the same date is one publication, whatever unit its expenditure is written in (亿元 or 万元).
            if (list.Any(e => e.PublicationDate == text && e.IntensityPct == p && MoneyUnit.SameAmount(e.Expenditure, e.ExpenditureUnit, expenditure, unit)))
            {
                plan.Unchanged++;
                continue;
            }
            list.Add(new RdFigurePublished(regionId, y, p, expenditure, unit, text, publisher, document, q));
            plan.Add(new RecordRdPublication(regionId, y, p, expenditure, unit, text, publisher, document, q), row, "publication");
        }
    }

    /// <summary>
    /// The row's date as precise as it is written; an empty one is <c>--published-on</c> when given, else <c>unknown</c> (counted
    /// from the day it is recorded), never silently today.
    /// </summary>
    private static PublicationDate? Date(RdImport import, DataRow row)
    {
        var text = row.Text("published_on");
        if (text is null) return import.PublishedOnGiven ? PublicationDate.OnDay(import.DefaultPublishedOn) : PublicationDate.Unknown();
        if (PublicationDate.TryParse(text, out var date)) return date;
        row.Fail("published_on", text,
            "not a publication date: write a day (2025-09-29), a month (2025-09), a year (2024, e.g. a yearbook's edition year), unknown, or unknown, known by 2025-01-01",
            "unknown-publication-date");
        return null;
    }

    private static PublicationQuality? Quality(DataRow row)
    {
        var status = row.Text("status");
        if (PublicationQualities.TryParse(status, out var quality)) return quality;
        row.Fail("status", status, status is null
                ? "a status is required in a file of publications: official, official-table-copy, preliminary, secondary, third-party, derived or uncertain"
                : "no publication quality in it: the status must contain official, official-table-copy, preliminary, secondary, third-party, derived, uncertain or unsure",
            "unknown-quality");
        return null;
    }
}
