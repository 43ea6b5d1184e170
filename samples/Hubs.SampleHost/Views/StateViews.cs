using System.Globalization;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Publications;
using Hubs.EventSourcing.Regions;
using Spectre.Console;
using Region = Hubs.EventSourcing.Regions.Region;
using Spectre.Console.Rendering;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Views;

/// <summary>Tables and charts of aggregate state, sized for an 80-column terminal.</summary>
internal static class StateViews
{
    /// <param name="clusters">The clusters.</param>
    /// <param name="rankings">The ranking editions: a hub's rank is its best ranked name in the latest edition (which edition is
    /// named); without them, or for a hub with no ranked name, the latest placement recorded on the cluster.</param>
    public static IRenderable Clusters(IEnumerable<Cluster> clusters, RankingSection? rankings = null)
    {
        var table = new Table().Title("Clusters")
            .AddColumn(new TableColumn("Cluster").NoWrap()).AddColumns("Name / anchor city", "Scope", "Members", "Latest rank");
        foreach (var c in clusters)
        {
            // The latest edition of each ranking, as the scorecards use: a best-ever rank read as today's (#3 in 2024 shown
            // while the 2025 edition says #4).
            var latest = c.Ranks.GroupBy(r => r.Ranking).Select(g => g.MaxBy(r => r.Edition)!).OrderBy(r => r.Ranking, StringComparer.Ordinal).ToList();
            table.AddRow(
                new Text(c.Id),
                new Markup($"{Esc(c.Name)}\n[grey]anchor: {Esc(c.AnchorCity)}[/]"),
                new Text(Kebab(c.Scope)),
                new Text(c.Members.Count == 0 ? "-" : string.Join(", ", c.Members)
                    + (c.ExcludedFromComposite.Count == 0 ? "" : $"\n(not in composite: {string.Join(", ", c.ExcludedFromComposite)})")),
                new Text(rankings?.LatestBest(c.Id)
                    ?? (latest.Count == 0 ? "-" : string.Join("\n", latest.Select(r => $"#{r.Rank} {r.Ranking} {r.Edition} (as {r.RankedName})")))));
        }
        return table.Fit();
    }

    public static IRenderable Regions(IEnumerable<Region> regions)
    {
        var table = new Table().Title("Regions")
            .AddColumns("Region", "Kind").AddColumn(new TableColumn("Cluster").NoWrap()).AddColumns("Latest R&D", "Target");
        foreach (var r in regions)
            table.AddRow(
                new Text(r.Name),
                new Text((r.Kind == RegionKind.SpecialAdministrativeRegion ? "SAR" : Kebab(r.Kind))
                    + (r.ParentId is { } parent ? $" in {parent}" : "") + (r.Children.Count > 0 ? $"\ncities: {string.Join(", ", r.Children)}" : "")),
                new Text(r.ClusterId ?? "-"),
                new Text(r.Figures.Count == 0 ? "-" : Latest(r)),
                new Text(r.Target is { } t ? $"{Pct(t.Value)} by {t.DeadlineYear}" : "-"));
        return table.Fit();
    }

    /// <summary>Latest R&amp;D intensity by region, highest first.</summary>
    public static IRenderable IntensityChart(IEnumerable<Region> regions)
    {
        var reported = regions.Where(r => r.Figures.Count > 0).ToList();
        // Each bar is a region's own latest year: say so when those years differ, so 2024 is not read against 2022 unawares.
        var years = reported.Select(r => r.Figures.Keys.Last()).Distinct().Order().ToList();
        var label = years.Count > 1
            ? $"Latest R&D intensity, % of GDP (each region's latest year: {string.Join(", ", years)} — not one year)"
            : "Latest R&D intensity, % of GDP";
        var chart = new BarChart().Label(Markup.Escape(label)).Width(Math.Min(76, Consoles.Out.Profile.Width));
        // A national comparator is not a region among regions: shown last, grey and marked, as the leaderboard does.
        // Labels padded on the right (Spectre right-aligns them), so names, years and values line up in columns.
        string Name(Region r) => r.Kind == RegionKind.Country ? $"({r.Name}, comparator)" : r.Name;
        var width = reported.Select(r => Name(r).Length).DefaultIfEmpty(0).Max();
        foreach (var r in reported.OrderBy(r => r.Kind == RegionKind.Country).ThenByDescending(r => r.Figures.Values.Last().IntensityPct))
        {
            var (year, f) = r.Figures.Last();
            chart.AddItem($"{Name(r).PadRight(width)} {year}  {Views.Formats.Intensity(f.IntensityPct)}", (double)f.IntensityPct,
                r.Kind == RegionKind.Country ? Color.Grey : Color.SteelBlue);
        }
        return chart.HideValues();
    }

    /// <summary>
    /// An enterprise: a heading line (a table title wraps mid-phrase at the table's width) and its branches. A branch's date
    /// is the date its status was recorded as of — for the demo's story, the article's date, not an opening date.
    /// </summary>
    public static IRenderable Enterprise(Enterprise e)
    {
        var transfers = e.TechnologyTransfers == 1 ? "1 technology transfer" : $"{e.TechnologyTransfers} technology transfers";
        var table = new Table().AddColumns("City", "Region", "Status", "Status as of");
        foreach (var b in e.Branches.Values)
            table.AddRow(b.City, b.RegionId, Kebab(b.Status), b.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new Rows(new Markup($"[bold]{Markup.Escape(e.Name)}[/] — HQ {Markup.Escape(e.HeadquartersCity)} ({Markup.Escape(e.HeadquartersRegionId)}); {transfers}"),
            table.Fit());
    }

    public static IRenderable Figures(Region r)
    {
        var table = new Table().Title($"{r.Name}: R&D intensity").AddColumns("Year", "% of GDP", "Expenditure", "Published", "Revisions");
        foreach (var (year, f) in r.Figures)
            table.AddRow(year.ToString(CultureInfo.InvariantCulture), Pct(f.IntensityPct),
                f.Expenditure is { } x ? $"{x.ToString(CultureInfo.InvariantCulture)} {f.ExpenditureUnit}" : "-",
                f.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                f.Revisions.ToString(CultureInfo.InvariantCulture) + (f.Correction is { } why ? $", corrected: {Esc(why)}" : ""));
        return table.Fit();
    }

    /// <summary>Whatever a write command left behind, as a person wants to see it.</summary>
    public static IRenderable Of(object? state) => state switch
    {
        Cluster c => Clusters([c]),
        Region r => r.Figures.Count > 0 ? new Rows(Regions([r]), Figures(r)) : Regions([r]),
        Enterprise e => Enterprise(e),
        _ => new Text(""),
    };

    public static string Pct(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Kebab<T>(T value) where T : struct, Enum => KebabNames.Of(value);

    private static string Latest(Region r)
    {
        var (year, f) = r.Figures.Last();
        return $"{Pct(f.IntensityPct)} ({year})" + (f.Revisions > 0 ? $", rev. {f.Revisions}" : "") + (f.Correction is null ? "" : ", corrected") + InUse(r, year, f);
    }

    /// <summary>
    /// Which publication a year's figure comes from (publisher, date, quality), when the year was recorded as publications, and
    /// whose expenditure it carries when the publication in use gave none (a news quote carries NBS's).
    /// </summary>
    private static string InUse(Region r, int year, RdFigure f)
    {
        if (!r.Publications.TryGetValue(year, out var all)) return "";
        var known = all.Select(p => (p, Date: PublicationDate.Parse(p.PublicationDate))).ToList();
        var used = known.LastOrDefault(x => x.p.IntensityPct == f.IntensityPct && x.p.Quality == f.Quality
            && (f.Undated ? x.Date.KnownBy is null : x.Date.KnownBy == f.PublishedOn));
        if (used.p is null) return "";
        var line = $"\n{used.p.Publisher}, {used.p.PublicationDate}, {PublicationQualities.Word(used.p.Quality)}";
        if (used.p.Expenditure is null && f.Expenditure is not null
            && known.Where(x => x.p.IntensityPct == f.IntensityPct && x.p.Expenditure is not null
                    && MoneyUnit.SameAmount(x.p.Expenditure, x.p.ExpenditureUnit, f.Expenditure, f.ExpenditureUnit))
                .OrderBy(x => x.p.Quality).FirstOrDefault() is { p: { } lender })
            line += $"\nexpenditure from {lender.Publisher}, {lender.PublicationDate}";
        return line;
    }

    private static string Esc(string s) => Markup.Escape(s);
}
