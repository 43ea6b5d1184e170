using System.Globalization;
using System.Net;
using System.Text;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Tracking;

namespace Hubs.SampleHost.Views.Html;

/// <summary>The page's sections around the indicator panels: verification, overview, targets, leaderboard, enterprises, timeline.</summary>
internal static class HtmlParts
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The verification paragraph; after a failed one, a warning and a table naming each break (stream, version, kind, the
    /// figure the event at that version carries now), so that a tampered figure charted below can be recognised.
    /// </summary>
    public static string Verification(ReportIntegrity integrity)
    {
        if (integrity.Verification is not { } v)
            return $"<p id=\"verification\" class=\"broken\" data-checked=\"false\">Verification: not run ({E(integrity.NotRunBecause ?? "")}): the figures below are not checked against the hash chains.</p>";
        var html = new StringBuilder();
        html.Append(Inv, $"<p id=\"verification\" class=\"{(v.IsIntact ? "intact" : "broken")}\" data-checked=\"true\" data-intact=\"{(v.IsIntact ? "true" : "false")}\" data-root=\"{v.Digest.Root}\">");
        html.Append(Inv, $"Verification: {(v.IsIntact ? "intact" : "<b>FAILED</b>, " + integrity.Breaks.Count + " break(s)")} — {v.EventsChecked} events in {v.Digest.Streams.Count} hash chains; digest root <code>{v.Digest.Root}</code>.");
        if (v.IsIntact) return html.Append("</p>").ToString();
        html.Append(" The figures below may come from events that were altered or removed: check each one the table names before relying on it.</p>\n");
        html.Append("<div class=\"scroll\"><table id=\"breaks\"><thead><tr><th scope=\"col\">Stream</th><th scope=\"col\">Version</th><th scope=\"col\">Break</th><th scope=\"col\">Event at that version (as stored now)</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n");
        foreach (var b in integrity.Breaks)
            html.Append(Inv,
                $"<tr class=\"broken\" data-stream=\"{E(b.StreamKey)}\" data-version=\"{b.Version}\" data-kind=\"{E(b.Kind)}\"><td>{E(b.StreamKey)}</td><td>{b.Version}</td><td>{E(b.Kind)}</td><td>{E(b.Affects ?? "(no event there now)")}</td><td>{E(b.Detail)}</td></tr>\n");
        return html.Append("</tbody></table></div>").ToString();
    }

    /// <summary>A card per cluster: latest complete composite, members counted, ranks, and each target's status.</summary>
    public static void Overview(StringBuilder html, TrackingReport report, TargetNotes notes)
    {
        html.Append("<section id=\"overview\"><h2>Overview</h2><div class=\"cards\">");
        foreach (var c in report.Clusters)
        {
            var complete = c.RdIntensity.LastOrDefault(y => y.Method != CompositeMethod.Partial);
            html.Append($"<div class=\"card\" data-cluster=\"{E(c.Id)}\"><h3>{E(c.Name)}</h3><p>");
            html.Append(complete is null ? "No complete year yet." : E($"{Formats.Intensity(complete.Value)} % of GDP in {complete.Year} ({IndicatorPanels.Kebab(complete.Method)}, latest complete year)"));
            html.Append($"<br>{c.CountedMembers.Count} of {c.Members.Count} members counted");
            foreach (var p in c.Ranks) html.Append(E($"; #{p.Place} {p.Ranking} {p.Edition} (as {p.RankedName})"));
            html.Append("</p>");
            foreach (var t in c.Targets) html.Append($"<p>{E(Metric(t))}: {Status(t.Status)}{Illustrative(c.Id, t, notes)}</p>");
            html.Append("</div>");
        }
        html.Append("</div></section>");
    }

    /// <summary>Each hub in each ranking's latest edition: its clusters as printed, who is surely ahead, whom it overtook, its best per edition.</summary>
    public static void Rankings(StringBuilder html, RankingSection rankings)
    {
        if (rankings.Editions.Count == 0) return;
        html.Append("<section id=\"rankings\"><h2>Rankings</h2><p class=\"basis\">Places as printed; ahead = surely ahead of the hub's best (a range is neither ahead of nor behind a place inside it).</p>");
        html.Append("<div class=\"scroll\"><table id=\"ranking-table\" class=\"stack\"><thead><tr><th scope=\"col\">Hub</th><th scope=\"col\">Edition</th><th scope=\"col\">Its clusters</th><th scope=\"col\">Ahead of its best</th><th scope=\"col\">Overtook</th><th scope=\"col\">Best per edition</th></tr></thead><tbody>");
        foreach (var (id, _, hubRankings) in rankings.Hubs)
            foreach (var r in hubRankings)
                html.Append(Inv, $"<tr data-cluster=\"{E(id)}\" data-ranking=\"{E(r.Ranking)}\" data-edition=\"{r.Latest}\"><td data-label=\"Hub\">{E(id)}</td><td data-label=\"Edition\">{E($"{r.Ranking} {r.Latest}")}</td>" +
                    $"<td data-label=\"Its clusters\">{E(r.Clusters.Count == 0 ? "not ranked" : string.Join(", ", r.Clusters.Select(c => $"{c.RankedName} #{c.Place}")))}</td>" +
                    $"<td data-label=\"Ahead of its best\">{E(string.Join(", ", r.Ahead.Select(a => $"{a.RankedName} #{a.Place}")))}</td>" +
                    $"<td data-label=\"Overtook\">{E(r.Previous is { } p ? $"since {p}: {(r.Overtook.Count == 0 ? "none" : string.Join(", ", r.Overtook))}" : "-")}</td>" +
                    $"<td data-label=\"Best per edition\">{E(string.Join("; ", r.History.Select(h => h.Best is { } b ? $"{h.Edition} #{b.Place}" : $"{h.Edition} not ranked")))}</td></tr>");
        html.Append("</tbody></table></div></section>");
    }

    /// <summary>Every target of the store in one table: indicator, value and deadline, status, latest, projection, basis.</summary>
    public static void TargetTable(StringBuilder html, TrackingReport report, TargetNotes notes)
    {
        html.Append("<section id=\"targets\"><h2>Every target</h2><div class=\"scroll\"><table id=\"target-table\" class=\"stack\"><thead><tr><th scope=\"col\">For</th><th scope=\"col\">Indicator</th><th scope=\"col\">Target</th><th scope=\"col\">Status</th><th scope=\"col\">Latest</th><th scope=\"col\">Projected</th><th scope=\"col\">Basis</th></tr></thead><tbody>");
        var owned = report.Clusters.SelectMany(c => c.Targets.Select(t => (c.Id, t))).Concat(report.Regions.SelectMany(r => r.Targets.Select(t => (r.Id, t))));
        foreach (var (owner, t) in owned)
            html.Append($"<tr data-for=\"{E(owner)}\" data-metric=\"{IndicatorPanels.Kebab(t.Metric)}\" data-status=\"{IndicatorPanels.Kebab(t.Status)}\" data-illustrative=\"{(notes.IsIllustrative(owner, t) ? "true" : "false")}\">" +
                        $"<td data-label=\"For\">{E(owner)}</td><td data-label=\"Indicator\">{E(Metric(t))}</td><td data-label=\"Target\">{E($"{Formats.Value(t.Metric, t.Target)} by {t.Deadline}")}{Illustrative(owner, t, notes)}</td><td data-label=\"Status\">{Status(t.Status)}</td>" +
                        $"<td data-label=\"Latest\">{E(t.LatestYear is { } ly ? $"{Formats.Value(t.Metric, t.Latest ?? 0)} ({ly})" : "-")}</td><td data-label=\"Projected\">{E(t.Projected is { } p ? Formats.Value(t.Metric, p) : "-")}</td><td class=\"basis\" data-label=\"Basis\">{E(TrackingTables.Basis(t))}</td></tr>");
        html.Append("</tbody></table></div></section>");
    }

    /// <summary>A target under its panel: value, deadline, status, latest, projection, the change needed, and the basis.</summary>
    public static string Target(string owner, TargetTracking t, TargetNotes notes)
    {
        var needs = t.RequiredAnnualChange is { } rc && t.Status is not (TargetStatus.Achieved or TargetStatus.Missed)
            ? $", needs {Formats.PerYear(t.Metric, rc)} a year" : "";
        return $"<div class=\"target\" data-metric=\"{IndicatorPanels.Kebab(t.Metric)}\" data-status=\"{IndicatorPanels.Kebab(t.Status)}\" data-illustrative=\"{(notes.IsIllustrative(owner, t) ? "true" : "false")}\">" +
               $"<p><b>{E($"Target {Metric(t)}: {Formats.Value(t.Metric, t.Target)} by {t.Deadline}")}</b>{Illustrative(owner, t, notes)} {Status(t.Status)}" +
               E($"{(t.LatestYear is { } ly ? $" latest {Formats.Value(t.Metric, t.Latest ?? 0)} ({ly})" : "")}{(t.Projected is { } p ? $", projected {Formats.Value(t.Metric, p)} in {t.Deadline}" : "")}{needs}.") +
               $"</p><p class=\"basis\">Basis: {E(TrackingTables.Basis(t))}</p></div>";
    }

    /// <summary>Regions ranked by their latest figure as horizontal bars; national comparators apart, never among the ranks.</summary>
    public static void Leaderboard(StringBuilder html, Leaderboard board)
    {
        html.Append(Inv, $"<section id=\"leaderboard\" data-year=\"{board.Year}\"><h2>R&amp;D intensity leaderboard {board.Year}</h2>");
        var bars = board.Entries.Select(e => ($"{e.Rank}. {e.Name}", e.Value, "weighted"))
            .Concat(board.Comparators.Select(c => ($"({c.Name}, comparator)", c.Value, "comparator"))).ToList();
        html.Append(SvgChart.Bars("leaderboard-chart", $"R&D intensity {board.Year}, % of GDP: regions ranked, national comparators last and unranked", " %", bars, Formats.Intensity));
        html.Append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Rank</th><th scope=\"col\">Region</th><th scope=\"col\">% of GDP</th><th scope=\"col\">Published</th></tr></thead><tbody>");
        foreach (var e in board.Entries.Concat(board.Comparators))
            html.Append($"<tr data-region=\"{E(e.RegionId)}\" data-value=\"{e.Value.ToString(Inv)}\"><td>{(e.Rank is { } rank ? rank.ToString(Inv) : "comparator")}</td><td>{E(e.Name)}</td><td>{Formats.Intensity(e.Value)}</td><td>{Formats.Date(e.PublishedOn)}</td></tr>");
        html.Append("</tbody></table></div></section>");
    }

    /// <summary>Every enterprise: headquarters, branches with their status and cluster, and the hubs it is present in.</summary>
    public static void Enterprises(StringBuilder html, TrackingReport report)
    {
        var footprint = report.Enterprises;
        html.Append("<section id=\"enterprises\"><h2>Enterprises across the hubs</h2>");
        if (footprint.Enterprises.Count == 0)
        {
            html.Append("<p class=\"empty\">No enterprise is recorded yet.</p></section>");
            return;
        }
        html.Append("<p>").Append(E(footprint.ClusterEffect.Count == 0
            ? "No enterprise has open branches in two or more clusters yet."
            : $"Present in two or more clusters (open branches; headquarters do not count): {string.Join(", ", footprint.ClusterEffect)}.")).Append("</p>");
        html.Append("<div class=\"scroll\"><table id=\"enterprise-table\" class=\"stack\"><thead><tr><th scope=\"col\">Enterprise</th><th scope=\"col\">Headquarters</th><th scope=\"col\">Branches</th>");
        foreach (var c in report.Clusters) html.Append($"<th scope=\"col\">{E(c.Name)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var e in footprint.Enterprises)
        {
            html.Append($"<tr data-enterprise=\"{E(e.Id)}\" data-clusters=\"{e.PresentInClusters}\"><td data-label=\"Enterprise\">{E(e.Name)}</td><td data-label=\"Headquarters\">{E($"{e.HeadquartersCity} ({e.HeadquartersRegionId})")}</td><td data-label=\"Branches\">");
            html.Append(E(string.Join("; ", e.Branches.Select(b => $"{b.City} ({b.RegionId}) {IndicatorPanels.Kebab(b.Status)} since {Formats.Date(b.Since)}")))).Append("</td>");
            foreach (var c in report.Clusters)
            {
                var p = e.Clusters.FirstOrDefault(x => x.ClusterId == c.Id);
                html.Append($"<td data-label=\"{E(c.Name)}\">").Append(p is null ? "-" : E($"{p.OpenBranches} open, {p.PlannedBranches} planned")).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</tbody></table></div></section>");
    }

    /// <summary>What changed between the two points, one entry per change with the events behind it, oldest cause first.</summary>
    public static void Timeline(StringBuilder html, ReportDiff? diff)
    {
        html.Append("<section id=\"changes\"><h2>What changed</h2>");
        if (diff is null)
        {
            html.Append("<p class=\"empty\">Not computed for this page.</p></section>");
            return;
        }
        html.Append($"<p>{E($"Between {Point(diff.From)} and {Point(diff.To)}: {diff.Changes.Count} change(s).")}</p>");
        if (diff.Changes.Count == 0)
        {
            html.Append("<p class=\"empty\">Nothing in the report changed between these two points.</p></section>");
            return;
        }
        html.Append("<ol class=\"timeline\">");
        foreach (var c in diff.Changes.OrderBy(c => c.Causes.Count == 0 ? DateTimeOffset.MaxValue : c.Causes.Min(e => e.RecordedAt)))
        {
            DateTimeOffset? when = c.Causes.Count == 0 ? null : c.Causes.Max(e => e.RecordedAt);
            html.Append($"<li data-kind=\"{IndicatorPanels.Kebab(c.Kind)}\" data-subject=\"{E(c.Subject)}\">");
            html.Append(when is { } w ? $"<time datetime=\"{Formats.Instant(w)}\">{Formats.Instant(w)}</time> " : "<time>(derived)</time> ");
            html.Append(E($"{c.Subject} {c.Item}: {IndicatorPanels.Kebab(c.Kind)}, {c.Before ?? "-"} → {c.After ?? "-"}"));
            if (c.Causes.Count > 0)
                html.Append("<br><span class=\"basis\">").Append(E("because of " + string.Join("; ", c.Causes.Select(e => $"{e.StreamKey} v{e.Version} {e.EventType} by {e.Actor}")))).Append("</span>");
            html.Append("</li>");
        }
        html.Append("</ol></section>");
    }

    private static string Point(ReportPoint p) =>
        $"{(p.AsOf is { } a ? Formats.Instant(a) : "now")}{(p.KnownAt is { } k ? $" (figures known at {Formats.Date(k)})" : "")}";

    private static string Metric(TargetTracking t) => IndicatorPanels.Kebab(t.Metric) + (t.Ranking is null ? "" : $" ({t.Ranking})");

    private static string Status(TargetStatus s) => $"<span class=\"status s-{IndicatorPanels.Kebab(s)}\">{IndicatorPanels.Kebab(s)}</span>";

    private static string Illustrative(string owner, TargetTracking t, TargetNotes notes) =>
        notes.IsIllustrative(owner, t) ? " <span class=\"illustrative\" title=\"not an official target\">illustrative</span>" : "";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
