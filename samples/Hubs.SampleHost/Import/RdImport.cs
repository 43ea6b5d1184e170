using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;

namespace Hubs.SampleHost.Import;

/// <summary>
/// Plans an R&amp;D intensity import: <c>region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source</c>.
/// A region/year already reported (in the store or earlier in the file) becomes a revision. A file that also says who
/// published each row (<c>publisher,document,status</c>) is a file of publications instead (<see cref="RdPublicationImport"/>).
/// </summary>
internal sealed partial class RdImport
{
    public static readonly string[] Columns =
        ["region", "year", "rd_intensity_pct", "rd_expenditure", "expenditure_unit", "published_on", "source", "publisher", "document", "status", "kind"];
    private static readonly string[] Required = ["region", "year", "rd_intensity_pct"];

    private static readonly Dictionary<string, string> ColumnsByField = new(StringComparer.Ordinal)
    {
        ["regionId"] = "region", ["year"] = "year", ["intensityPct"] = "rd_intensity_pct", ["expenditure"] = "rd_expenditure",
        ["expenditureUnit"] = "expenditure_unit", ["publishedOn"] = "published_on", ["source"] = "source", ["reason"] = "(--reason)",
        ["name"] = "region", ["kind"] = "kind", ["publicationDate"] = "published_on", ["publisher"] = "publisher",
        ["document"] = "document", ["quality"] = "status",
    };

    public required string DefaultSource { get; init; }
    public required DateOnly DefaultPublishedOn { get; init; }
    /// <summary>
    /// True when the caller stated the date for rows without one (--published-on). Otherwise such a row is recorded as
    /// published on <see cref="DefaultPublishedOn"/> (the day of recording) and its source says so, since a figure has to
    /// carry a publication date and an unknown one is best read as "known to this store from the day it was recorded".
    /// </summary>
    public bool PublishedOnGiven { get; init; }
    public string? RevisionReason { get; init; }
    public RegionKind? RegisterMissingAs { get; init; }

    /// <summary>
    /// Skip rows for years already reported instead of revising them: for seeding (the demo), where a figure revised
    /// since must not be "revised back" to the older publication.
    /// </summary>
    public bool SkipReported { get; init; }

    /// <summary>
    /// Plans the file. A file of figures is streamed (<see cref="ImportPlan.Streamed"/>): read row by row, once to plan and
    /// again for each enumeration of the import, keeping a line per command and a fingerprint per region-year. A file of
    /// publications (small: one row per source) is planned whole.
    /// </summary>
    public ImportPlan Plan(string path, IReadOnlyList<Region> regions)
    {
        if (RdPublicationImport.Applies(CsvTable.Rows(path, Columns, Required, new CsvPass()).Take(1)))
        {
            var (rows, errors) = CsvTable.Read(path, Columns, Required);
            var plan = new ImportPlan(path, Columns, ColumnsByField) { Rows = rows.Count };
            RdPublicationImport.Plan(this, plan, rows, new RegionNames(regions), regions);
            plan.ParseErrors = errors;
            return plan;
        }
        return ImportPlan.Streamed(path, Columns, ColumnsByField, pass => Figures(CsvTable.Rows(path, Columns, Required, pass), regions));
    }

    /// <summary>
    /// The region id of the row: a known one by id or name, else one this import registers (<c>--register-missing</c>: the
    /// registration is returned, to be planned before the row, and the name is known from then on), else null with the row failed.
    /// </summary>
    internal (string? RegionId, RegisterRegion? Register) RegionOf(DataRow row, string regionText, RegionNames names)
    {
        // A row's own kind is checked on every row (the file is checked whole), and used only to register a missing region:
        // a region already registered keeps its kind.
        var rowKind = KindOf(row);
        if (names.Resolve(regionText) is { } known) return (known, null);
        if (RegisterMissingAs is not { } missingKind)
        {
            row.Fail("region", regionText, "unknown region: register it first (hubs region register) or pass --register-missing", "region-not-registered");
            return (null, null);
        }
        if (rowKind is { Valid: false }) return (null, null);
        var register = RegionNames.ForNew(regionText, rowKind?.Kind ?? missingKind);
        names.Add(register.RegionId, register.Name);
        return (register.RegionId, register);
    }

    /// <summary>The row's <c>kind</c> column: null when empty; an unknown kind fails the row, naming the kinds accepted.</summary>
    private static (bool Valid, RegionKind Kind)? KindOf(DataRow row)
    {
        if (row.Text("kind") is not { } text) return null;
        if (Infrastructure.Parse.TryRegionKind(text, out var kind)) return (true, kind);
        row.Fail("kind", text, $"not a region kind: one of {Infrastructure.Parse.RegionKinds}", "unknown-region-kind");
        return (false, default);
    }

    /// <summary>
    /// The figure columns of an R&amp;D row, each located in the row's errors when malformed. Any spelling of the library's unit
    /// grammar (亿元, HKD mn, HK$ million) is given in its short form (CNY 100m, HKD m), the form stored.
    /// </summary>
    internal static (string? Region, int? Year, decimal? Pct, decimal? Expenditure, string? Unit) Figure(DataRow row)
    {
        var region = row.Text("region", required: true);
        var year = row.Int("year", required: true);
        var pct = row.Decimal("rd_intensity_pct", required: true);
        var expenditure = row.Decimal("rd_expenditure");
        var unit = row.Text("expenditure_unit") is { } unitText && MoneyUnit.TryParse(unitText, out var parsed) ? parsed.ToString()
            : row.Text("expenditure_unit");
        return (region, year, pct, expenditure, unit);
    }
}

/// <summary>Regions by id or display name, case-insensitively.</summary>
internal sealed class RegionNames
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.OrdinalIgnoreCase);

    public RegionNames(IEnumerable<Region> regions)
    {
        foreach (var r in regions) Add(r.Id, r.Name);
    }

    public void Add(string id, string name)
    {
        _ids[id] = id;
        _ids.TryAdd(name, id);
    }

    public string? Resolve(string text) => _ids.GetValueOrDefault(text.Trim());

    /// <summary>A registration for an unknown region: a slug is taken as the id, anything else as the name.</summary>
    public static RegisterRegion ForNew(string text, RegionKind kind)
    {
        var trimmed = text.Trim();
        return Keys.IsValidId(trimmed)
            ? new RegisterRegion(trimmed, Infrastructure.Parse.TitleFromSlug(trimmed), kind)
            : new RegisterRegion(Keys.Slugify(trimmed), trimmed, kind);
    }
}
