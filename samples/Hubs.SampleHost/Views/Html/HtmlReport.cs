using System.Net;
using System.Text;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Views.Html;

/// <summary>What the page is written from: the report at its point, the verification, what changed, and which targets are illustrative.</summary>
/// <param name="Changes">What changed between two points (the page's timeline); null when not computed.</param>
internal sealed record HtmlReportInput(
    TrackingReport Report, ReportIntegrity Integrity, DateTimeOffset? AsOf, DateOnly? KnownAt, ReportDiff? Changes, TargetNotes Notes)
{
    /// <summary>The indicator scorecards at the same point: a panel per indicator with data, with its targets' statuses and bases.</summary>
    public EventSourcing.Indicators.IndicatorReport? Indicators { get; init; }

    /// <summary>The ranking editions and each hub's place in them.</summary>
    public RankingSection Rankings { get; init; } = RankingSection.Empty;

    /// <summary>How far back the page's timeline reaches by default, from the report's point.</summary>
    public static readonly TimeSpan DefaultChanges = TimeSpan.FromDays(30);

    /// <summary>
    /// Reads what the page needs besides the report: which targets are illustrative, and what changed from
    /// <paramref name="changesSince"/> (default: <see cref="DefaultChanges"/> before the report's point) to the report's point.
    /// </summary>
    public static async Task<HtmlReportInput> LoadAsync(HubsStore store, TrackingReport report, ReportIntegrity integrity,
        DateTimeOffset? asOf, DateOnly? knownAt, DateTimeOffset? changesSince, CancellationToken ct, int? year = null,
        EventSourcing.Indicators.IndicatorReport? indicators = null, RankingSection? rankings = null)
    {
        var notes = store.HasEventStore ? await TargetNotes.LoadAsync(store, report, asOf, ct) : TargetNotes.None;
        var to = asOf ?? DateTimeOffset.UtcNow;
        var diff = store.HasEventStore
            ? await store.Tracking.DiffAsync(new ReportPoint(changesSince ?? to - DefaultChanges, knownAt), new ReportPoint(to, knownAt), ct)
            : null;
        return new(report, integrity, asOf, knownAt, diff, notes)
        {
            Indicators = indicators ?? await Commands.ReportCommand.LoadIndicatorsAsync(store, year ?? DateTime.UtcNow.Year, asOf, knownAt, ct),
            Rankings = rankings ?? await RankingSection.LoadAsync(store, report.Clusters.Select(c => c.Id), asOf, knownAt, ct),
        };
    }
}

/// <summary>
/// The report as one self-contained dashboard page (no script, no network): the verification with each break named, an
/// overview of every target with its status, one section per cluster and region made of indicator panels
/// (<see cref="IndicatorPanels"/>), the leaderboard, enterprises and their presence across hubs, and a timeline of what
/// changed. Charts are inline SVG from <see cref="SvgChart"/>; every figure is also in a table whose cells carry
/// <c>data-</c> attributes, so a test (or a scraper) reads the numbers without parsing the charts. The layout is one column
/// that widens to a grid of cards on a laptop; nothing is wider than a phone's screen.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Writes the page to a file.</summary>
    public static Task WriteAsync(HtmlReportInput input, string path, CancellationToken ct) =>
        OutputFiles.WriteAllTextAsync(path, Render(input), "--html", ct);

    public static string Render(HtmlReportInput input)
    {
        var (report, integrity, asOf, knownAt, changes, notes) = input;
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Hubs: 2035 innovation hub tracking</title>
            <style>{{HtmlStyle.Css}}</style></head><body>
            <header><h1>China's innovation hubs: progress toward 2035</h1>
            <p class="banner" id="point">{{E(PointText(asOf, knownAt))}}</p>
            """);
        html.Append(HtmlParts.Verification(integrity)).Append("</header><main>");
        HtmlParts.Overview(html, report, notes);
        html.Append("<section id=\"clusters\"><h2>Clusters</h2>");
        foreach (var c in report.Clusters)
        {
            html.Append($"<section class=\"cluster\" id=\"cluster-{E(c.Id)}\" data-cluster=\"{E(c.Id)}\"><h3>{E(c.Name)}</h3>");
            html.Append($"<p>Members: {E(string.Join(", ", c.Members))}; composite {E(c.CompositeCoverage)}.</p><div class=\"panels\">");
            foreach (var p in IndicatorPanels.ForCluster(c, input.Indicators?.Clusters.FirstOrDefault(s => s.ScopeId == c.Id))) IndicatorPanels.Render(html, c.Id, p, t => HtmlParts.Target(c.Id, t, notes));
            html.Append("</div></section>");
        }
        html.Append("</section>");
        HtmlParts.Rankings(html, input.Rankings);
        html.Append("<section id=\"regions\"><h2>Regions</h2>");
        foreach (var r in report.Regions)
        {
            html.Append($"<section class=\"region\" id=\"region-{E(r.Id)}\" data-region=\"{E(r.Id)}\"><h3>{E(r.Name)}</h3>");
            if (r.Kind == EventSourcing.RegionKind.Country) html.Append("<p class=\"basis\">National comparator: shown for reference, never ranked.</p>");
            html.Append("<div class=\"panels\">");
            foreach (var p in IndicatorPanels.ForRegion(r, input.Indicators?.Nation.Concat(input.Indicators.Regions).FirstOrDefault(s => s.ScopeId == r.Id))) IndicatorPanels.Render(html, r.Id, p, t => HtmlParts.Target(r.Id, t, notes));
            html.Append("</div></section>");
        }
        html.Append("</section>");
        HtmlParts.TargetTable(html, report, notes);
        HtmlParts.Leaderboard(html, Leaderboards.Of(report));
        HtmlParts.Enterprises(html, report);
        HtmlParts.Timeline(html, changes);
        html.Append($$"""
            </main><footer><h2>How to read this page</h2><p class="basis"><b>weighted</b> = total R&amp;D spending over total GDP of the
            counted members, in one currency; <b>mean</b> = average of intensities (no common expenditure); <i>partial</i> (hollow
            points) = not every counted member reported, never used for a status; <b>trend</b> = the least-squares line through the
            years used, to the deadline; a ringed point was revised after its first report. Targets marked
            <span class="illustrative">illustrative</span> are not official. R&amp;D intensity is written with 2 decimals, a change
            a year with 3, instants in UTC.</p>
            <p class="basis">{{E($"Written by {HubsApp.Version}.")}}</p></footer></body></html>

            """);
        return html.ToString();
    }

    private static string PointText(DateTimeOffset? asOf, DateOnly? knownAt) =>
        (asOf, knownAt) switch
        {
            (null, null) => "Live report: every event recorded so far, every figure whatever its publication date.",
            _ => $"As of {(asOf is { } a ? Formats.Instant(a) + " (recorded-at: what the store held then)" : "now")}; " +
                 $"{(knownAt is { } k ? $"figures known at {Formats.Date(k)} (published on or before)" : "every figure whatever its publication date")}.",
        };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
