using System.Globalization;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tracking;

/// <summary>A point of the report: a recorded-at instant (as-of), a publication date (as-known-at), or both; null means "now" / "any date".</summary>
/// <param name="AsOf">Keep events recorded at or before this instant.</param>
/// <param name="KnownAt">Keep figures published on or before this date.</param>
public sealed record ReportPoint(DateTimeOffset? AsOf = null, DateOnly? KnownAt = null);

/// <summary>What changed in the report between two points.</summary>
/// <param name="From">The earlier point.</param>
/// <param name="To">The later point.</param>
/// <param name="Changes">Every change, clusters first, then regions.</param>
public sealed record ReportDiff(ReportPoint From, ReportPoint To, IReadOnlyList<ReportChange> Changes)
{
    /// <summary>
    /// The stored events neither replay used because the library did not seal them or they no longer match their hash
    /// (as <see cref="TrackingReport.SkippedEvents"/>), by stream and version. Empty when every event was used.
    /// </summary>
    public IReadOnlyList<Auditing.ChainBreak> SkippedEvents { get; init; } = [];
}

/// <summary>One change, with the events that caused it.</summary>
/// <param name="Kind">What kind of change.</param>
/// <param name="Subject">The stream it concerns, e.g. <c>region:beijing</c>.</param>
/// <param name="Item">What changed within it, e.g. <c>2022</c>, <c>rd-intensity target</c>, a member or a ranking edition.</param>
/// <param name="Before">The value before (null when absent).</param>
/// <param name="After">The value after (null when gone).</param>
/// <param name="Causes">Events included at the later point but not the earlier one that touch the item, in sequence order.</param>
public sealed record ReportChange(ChangeKind Kind, string Subject, string Item, string? Before, string? After, IReadOnlyList<AuditedEvent> Causes);

/// <summary>Kinds of report change.</summary>
public enum ChangeKind
{
    /// <summary>A region's figure for a year.</summary>
    FigureChanged,
    /// <summary>A cluster's composite intensity for a year.</summary>
    CompositeChanged,
    /// <summary>A target's status.</summary>
    StatusChanged,
    /// <summary>A region joined the cluster.</summary>
    MemberJoined,
    /// <summary>A region left the cluster.</summary>
    MemberLeft,
    /// <summary>The cluster's scope.</summary>
    ScopeChanged,
    /// <summary>A placement in a ranking edition.</summary>
    RankChanged,
    /// <summary>A member was left out of the cluster's composite by a recorded decision.</summary>
    MemberExcludedFromComposite,
    /// <summary>An excluded member counts in the cluster's composite again.</summary>
    MemberReinstatedInComposite,
}

/// <summary>Compares two replays of the same projection code; pure apart from its inputs.</summary>
internal static class ReportDiffer
{
    /// <param name="from">The earlier point.</param>
    /// <param name="to">The later point.</param>
    /// <param name="a">The report at <paramref name="from"/>.</param>
    /// <param name="b">The report at <paramref name="to"/>.</param>
    /// <param name="added">The events included at <paramref name="to"/> but not at <paramref name="from"/>, in any order (causes are listed in sequence).</param>
    public static ReportDiff Compare(ReportPoint from, ReportPoint to, TrackingReport a, TrackingReport b,
        IReadOnlyList<(object Data, AuditedEvent Row)> added)
    {
        var changes = new List<ReportChange>();

        // Each change looks only at the streams that can cause it (indexed once), so a diff over a large store is
        // linear in the added events, not added events × changes.
        var byStream = added.ToLookup(e => e.Row.StreamKey);
        var rateStreams = byStream.Where(g => g.Any(e => e.Data is ExchangeRates.ExchangeRateRecorded)).Select(g => g.Key).ToList();
        IReadOnlyList<AuditedEvent> CausesIn(IEnumerable<string> streams, Func<string, object, bool> touches) =>
            streams.Distinct().SelectMany(s => byStream[s]).Where(e => touches(e.Row.StreamKey, e.Data))
                .OrderBy(e => e.Row.Sequence).Select(e => e.Row).ToList();
        IReadOnlyList<AuditedEvent> Causes(string stream, Func<object, bool> touches) => CausesIn([stream], (_, d) => touches(d));
        static bool IsYear(object data, int year) =>
            data is RdIntensityReported r && r.Year == year || data is RdIntensityRevised v && v.Year == year;
        static bool IsFigure(object data) => data is RdIntensityReported or RdIntensityRevised;
        // A hub's place moves with a rank recorded on it, its ranked names, or the entries of the edition (null: any edition).
        var rankingStreams = byStream.Where(g => g.Any(e => e.Data is Rankings.RankingEntryRecorded or Rankings.RankingEntryCorrected)).Select(g => g.Key).ToList();
        IReadOnlyList<AuditedEvent> RankCauses(string subject, string? ranking, int? edition) =>
            CausesIn(rankingStreams.Append(subject), (s, d) =>
                s == subject && (d is GlobalRankRecorded g && SameRanking(g.Ranking, ranking) && (edition is null || g.Edition == edition)
                                 || d is ClusterAliasAdded or ClusterAliasRemoved)
                || d is Rankings.RankingEntryRecorded r && SameRanking(r.Ranking, ranking) && (edition is null || r.Edition == edition)
                || d is Rankings.RankingEntryCorrected x && ranking is not null && (edition is { } y
                    ? x.EditionId == Rankings.RankedNames.EditionId(ranking, y)
                    : x.EditionId.StartsWith(Keys.Slugify(ranking) + "-", StringComparison.Ordinal)));
        static bool SameRanking(string a, string? b) => b is not null && Keys.Slugify(a) == Keys.Slugify(b);
        static bool ShapesComposite(object data) => data is RegionJoinedCluster or RegionLeftCluster or MemberExcludedFromComposite or MemberReinstatedInComposite;
        // A rate can only move a composite through a member whose figure for that year is in that currency: an HKD rate is
        // no cause of a Beijing–Tianjin–Hebei change. Currencies are read from both reports (a figure may have come or gone).
        var currencies = a.Regions.Concat(b.Regions).SelectMany(r => r.RdIntensity.Select(y => (r.Id, y.Year, Unit: y.ExpenditureUnit)))
            .Where(x => MoneyUnit.TryParse(x.Unit, out var u) && u.Currency != MoneyUnit.BaseCurrency)
            .Select(x => (x.Id, x.Year, Currency: MoneyUnit.Parse(x.Unit!).Currency)).Distinct().ToList();
        bool RateMatters(object data, ISet<string> memberIds, int? year) =>
            data is ExchangeRates.ExchangeRateRecorded x && (year is null || x.Year == year)
            && currencies.Any(c => memberIds.Contains(c.Id) && c.Year == x.Year && c.Currency == x.Currency);

        var oldClusters = a.Clusters.ToDictionary(c => c.Id);
        foreach (var c in b.Clusters)
        {
            var subject = Keys.Cluster(c.Id);
            var old = oldClusters.GetValueOrDefault(c.Id);
            var members = c.Members.Select(Keys.Region).ToHashSet();
            var memberIds = c.Members.Concat(old?.Members ?? []).ToHashSet();
            if (old is not null && old.Scope != c.Scope)
                changes.Add(new(ChangeKind.ScopeChanged, subject, "scope", Kebab(old.Scope), Kebab(c.Scope),
                    Causes(subject, d => d is ClusterScopeExpanded)));
            var oldMembers = old?.Members ?? [];
            foreach (var joined in c.Members.Except(oldMembers))
                changes.Add(new(ChangeKind.MemberJoined, subject, joined, null, joined,
                    Causes(subject, d => d is RegionJoinedCluster j && j.RegionId == joined)));
            foreach (var left in oldMembers.Except(c.Members))
                changes.Add(new(ChangeKind.MemberLeft, subject, left, left, null,
                    Causes(subject, d => d is RegionLeftCluster l && l.RegionId == left)));
            var oldExcluded = old?.ExcludedFromComposite.Select(x => x.RegionId).ToList() ?? [];
            var excluded = c.ExcludedFromComposite.Select(x => x.RegionId).ToList();
            foreach (var region in excluded.Except(oldExcluded))
                changes.Add(new(ChangeKind.MemberExcludedFromComposite, subject, region, null, c.ExcludedFromComposite.Single(x => x.RegionId == region).Reason,
                    Causes(subject, d => d is MemberExcludedFromComposite x && x.RegionId == region)));
            foreach (var region in oldExcluded.Except(excluded))
                changes.Add(new(ChangeKind.MemberReinstatedInComposite, subject, region, old!.ExcludedFromComposite.Single(x => x.RegionId == region).Reason, null,
                    Causes(subject, d => d is MemberReinstatedInComposite x && x.RegionId == region)));
            Series(changes, ChangeKind.CompositeChanged, subject,
                old?.RdIntensity.ToDictionary(y => y.Year, y => Describe(y.Value, Kebab(y.Method))) ?? [],
                c.RdIntensity.ToDictionary(y => y.Year, y => Describe(y.Value, Kebab(y.Method))),
                year => CausesIn(members.Append(subject).Concat(rateStreams), (s, d) => (members.Contains(s) && IsYear(d, year)) || (s == subject && ShapesComposite(d))
                                 || RateMatters(d, memberIds, year)));
            var oldRanks = old?.Ranks.ToDictionary(r => $"{r.Ranking} {r.Edition}", r => r.Rank.ToString(CultureInfo.InvariantCulture)) ?? [];
            foreach (var r in c.Ranks)
            {
                var item = $"{r.Ranking} {r.Edition}";
                var now = r.Rank.ToString(CultureInfo.InvariantCulture);
                if (oldRanks.GetValueOrDefault(item) != now)
                    changes.Add(new(ChangeKind.RankChanged, subject, item, oldRanks.GetValueOrDefault(item), now,
                        RankCauses(subject, r.Ranking, r.Edition)));
            }
            // A status moves with its own measure: an R&D target with the members' figures, the composite's shape, the rates
            // those figures need and the target itself; a rank target with that ranking's placements and the target.
            Statuses(changes, subject, old?.Targets ?? [], c.Targets, t => t.Metric == TargetMetric.GlobalRank
                ? RankCauses(subject, t.Ranking, null).Concat(Causes(subject, d => d is ClusterTargetSet x && x.Metric == t.Metric && x.Ranking == t.Ranking))
                    .OrderBy(e => e.Sequence).ToList()
                : CausesIn(members.Append(subject).Concat(rateStreams), (s, d) => (members.Contains(s) && IsFigure(d)) || (s == subject && (ShapesComposite(d)
                    || d is ClusterTargetSet x && x.Metric == t.Metric)) || RateMatters(d, memberIds, null)));
        }

        var oldRegions = a.Regions.ToDictionary(r => r.Id);
        foreach (var r in b.Regions)
        {
            var subject = Keys.Region(r.Id);
            var old = oldRegions.GetValueOrDefault(r.Id);
            Series(changes, ChangeKind.FigureChanged, subject,
                old?.RdIntensity.ToDictionary(y => y.Year, y => Describe(y.Value, null)) ?? [],
                r.RdIntensity.ToDictionary(y => y.Year, y => Describe(y.Value, null)),
                year => Causes(subject, d => IsYear(d, year)));
            Statuses(changes, subject, old?.Targets ?? [], r.Targets, t => Causes(subject, d => IsFigure(d) || d is RegionTargetSet x && x.Metric == t.Metric));
        }
        return new ReportDiff(from, to, changes);
    }

    private static void Series(List<ReportChange> changes, ChangeKind kind, string subject,
        Dictionary<int, string> before, Dictionary<int, string> after, Func<int, IReadOnlyList<AuditedEvent>> causes)
    {
        foreach (var year in before.Keys.Union(after.Keys).Order())
        {
            var x = before.GetValueOrDefault(year);
            var y = after.GetValueOrDefault(year);
            if (x != y) changes.Add(new(kind, subject, year.ToString(CultureInfo.InvariantCulture), x, y, causes(year)));
        }
    }

    /// <summary>Values in the words of the docs and the JSON output: <c>OnTrack</c> → <c>on-track</c>.</summary>
    private static string Kebab<T>(T value) where T : struct, Enum => KebabNames.Of(value);

    private static void Statuses(List<ReportChange> changes, string subject, IReadOnlyList<TargetTracking> before,
        IReadOnlyList<TargetTracking> after, Func<TargetTracking, IReadOnlyList<AuditedEvent>> causesOf)
    {
        static string Key(TargetTracking t) => t.Ranking is null ? $"{Kebab(t.Metric)} target" : $"{Kebab(t.Metric)} {t.Ranking} target";
        var old = before.ToDictionary(Key, t => Kebab(t.Status));
        foreach (var t in after)
        {
            var was = old.GetValueOrDefault(Key(t));
            if (was != Kebab(t.Status))
                changes.Add(new(ChangeKind.StatusChanged, subject, Key(t), was, Kebab(t.Status), causesOf(t)));
        }
    }

    private static string Describe(decimal value, string? method) =>
        value.ToString(CultureInfo.InvariantCulture) + (method is null ? "" : $" ({method.ToLowerInvariant()})");
}
