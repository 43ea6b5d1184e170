using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tracking;

// The stored read models. One document per stream (cluster, region, enterprise): none grows with the whole history, and
// each is folded by a plain static Fold(document, IEvent) that the Marten projections and TrackingReplay both call, so
// the daemon, a rebuild and an auditor's in-memory replay run the same code. Derived figures (composites, trends,
// statuses, leaderboards, footprints) are computed from these documents at query time by the pure calculators.

/// <summary>A cluster's facts for tracking. Id is the stream key, e.g. <c>cluster:greater-bay-area</c>.</summary>
internal sealed class ClusterTrack
{
    public string Id { get; set; } = "";
    public string ClusterId { get; set; } = "";
    public string Name { get; set; } = "";
    public string AnchorCity { get; set; } = "";
    public ClusterScope Scope { get; set; }
    public DateOnly EstablishedOn { get; set; }
    public DateOnly? ScopeChangedOn { get; set; }
    public List<MembershipPeriod> Memberships { get; set; } = [];
    public List<Target> Targets { get; set; } = [];
    public List<RankPlacement> Ranks { get; set; } = [];
    /// <summary>Members left out of the composite by a recorded decision, with who decided and when (from the event's record).</summary>
    public List<CompositeExclusion> Exclusions { get; set; } = [];

    public IReadOnlyList<string> CurrentMembers() =>
        Memberships.Where(m => m.LeftOn is null).Select(m => m.RegionId).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The current members the composite counts: every current member not excluded.</summary>
    public IReadOnlyList<string> CountedMembers() => CurrentMembers().Where(m => Exclusions.All(x => x.RegionId != m)).ToList();

    public static ClusterTrack? Fold(ClusterTrack? doc, IEvent e)
    {
        switch (e.Data)
        {
            case ClusterEstablished c:
                return new ClusterTrack
                {
                    Id = e.StreamKey ?? Keys.Cluster(c.ClusterId), ClusterId = c.ClusterId, Name = c.Name, AnchorCity = c.AnchorCity,
                    Scope = c.Scope, EstablishedOn = c.EstablishedOn,
                };
            case ClusterScopeExpanded c when doc is not null:
                doc.Scope = c.ToScope;
                doc.ScopeChangedOn = c.DecidedOn;
                return doc;
            case RegionJoinedCluster c when doc is not null:
                doc.Memberships.Add(new MembershipPeriod(c.RegionId, c.JoinedOn, null));
                return doc;
            case RegionLeftCluster c when doc is not null:
                var open = doc.Memberships.FindLastIndex(m => m.RegionId == c.RegionId && m.LeftOn is null);
                if (open >= 0) doc.Memberships[open] = doc.Memberships[open] with { LeftOn = c.LeftOn };
                doc.Exclusions.RemoveAll(x => x.RegionId == c.RegionId);
                return doc;
            case MemberExcludedFromComposite c when doc is not null:
                doc.Exclusions.RemoveAll(x => x.RegionId == c.RegionId);
                doc.Exclusions.Add(new CompositeExclusion(c.RegionId, c.Reason, e.UserName ?? "", e.Timestamp));
                return doc;
            case MemberReinstatedInComposite c when doc is not null:
                doc.Exclusions.RemoveAll(x => x.RegionId == c.RegionId);
                return doc;
            case ClusterTargetSet c when doc is not null:
                var target = new Target(c.Metric, c.Ranking, c.Target, c.DeadlineYear);
                doc.Targets.RemoveAll(t => t.Key == target.Key);
                doc.Targets.Add(target);
                return doc;
            case GlobalRankRecorded c when doc is not null:
                doc.Ranks.Add(new RankPlacement(c.Ranking, c.Edition, c.Rank, c.RankedName, c.PublishedOn));
                return doc;
            default:
                return doc;
        }
    }
}

/// <summary>One publication of a year's figure: a first report or a revision.</summary>
internal sealed record RdPublication(
    int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, string Source, DateTimeOffset RecordedAt);

/// <summary>A year of a region's series: the publication in use and how many publications the year had.</summary>
internal sealed record RdYearTrack(RdPublication Current, int Publications);

/// <summary>A region's facts for tracking. Id is the stream key, e.g. <c>region:beijing</c>.</summary>
internal sealed class RegionTrack
{
    public string Id { get; set; } = "";
    public string RegionId { get; set; } = "";
    public string Name { get; set; } = "";
    public RegionKind Kind { get; set; }
    public string? ClusterId { get; set; }
    /// <summary>
    /// One entry per year, ascending: the document grows with the years a region reports, not with its revisions, so the
    /// daemon rewrites small documents. Earlier publications stay in the event log (as-known-at replays read them there).
    /// </summary>
    public List<RdYearTrack> Years { get; set; } = [];
    public Target? Target { get; set; }

    public static RegionTrack? Fold(RegionTrack? doc, IEvent e)
    {
        switch (e.Data)
        {
            case RegionRegistered r:
                return new RegionTrack { Id = e.StreamKey ?? Keys.Region(r.RegionId), RegionId = r.RegionId, Name = r.Name, Kind = r.Kind };
            case RdIntensityReported r when doc is not null:
                doc.Publish(new RdPublication(r.Year, r.IntensityPct, r.Expenditure, r.ExpenditureUnit, r.PublishedOn, r.Source, e.Timestamp));
                return doc;
            case RdIntensityRevised r when doc is not null:
                doc.Publish(new RdPublication(r.Year, r.IntensityPct, r.Expenditure, r.ExpenditureUnit, r.PublishedOn, r.Source, e.Timestamp));
                return doc;
            case RegionTargetSet r when doc is not null:
                doc.Target = new Target(r.Metric, null, r.Target, r.DeadlineYear);
                return doc;
            case RegionAssignedToCluster r when doc is not null:
                doc.ClusterId = r.ClusterId;
                return doc;
            case RegionReleasedFromCluster when doc is not null:
                doc.ClusterId = null;
                return doc;
            default:
                return doc;
        }
    }

    private void Publish(RdPublication incoming)
    {
        var p = SharingStrings(incoming);
        var i = Years.FindIndex(y => y.Current.Year >= p.Year);
        if (i >= 0 && Years[i].Current.Year == p.Year)
            Years[i] = RevisionRules.Apply(Years[i], p);
        else if (i >= 0)
            Years.Insert(i, new RdYearTrack(p, 1));
        else
            Years.Add(new RdYearTrack(p, 1));
    }

    // A region's publications nearly always repeat the unit and source of the one before: an in-memory replay of a long
    // series then holds one copy of each, not one per year (the stored JSON is the same).
    private RdPublication SharingStrings(RdPublication p)
    {
        if (Years.Count == 0) return p;
        var near = Years[^1].Current;
        var unit = string.Equals(p.ExpenditureUnit, near.ExpenditureUnit, StringComparison.Ordinal) ? near.ExpenditureUnit : p.ExpenditureUnit;
        var source = string.Equals(p.Source, near.Source, StringComparison.Ordinal) ? near.Source : p.Source;
        return ReferenceEquals(unit, p.ExpenditureUnit) && ReferenceEquals(source, p.Source) ? p : p with { ExpenditureUnit = unit, Source = source };
    }
}

/// <summary>A branch as stored in <see cref="EnterpriseTrack"/>.</summary>
internal sealed record BranchTrack(string RegionId, string City, BranchStatus Status, DateOnly Since);

/// <summary>An enterprise's facts for tracking. Id is the stream key, e.g. <c>enterprise:joygovai</c>.</summary>
internal sealed class EnterpriseTrack
{
    public string Id { get; set; } = "";
    public string EnterpriseId { get; set; } = "";
    public string Name { get; set; } = "";
    public string HeadquartersCity { get; set; } = "";
    public string HeadquartersRegionId { get; set; } = "";
    public List<BranchTrack> Branches { get; set; } = [];

    public static EnterpriseTrack? Fold(EnterpriseTrack? doc, IEvent e)
    {
        switch (e.Data)
        {
            case EnterpriseRegistered r:
                return new EnterpriseTrack
                {
                    Id = e.StreamKey ?? Keys.Enterprise(r.EnterpriseId), EnterpriseId = r.EnterpriseId, Name = r.Name,
                    HeadquartersCity = r.HeadquartersCity, HeadquartersRegionId = r.HeadquartersRegionId,
                };
            case BranchPlanned r when doc is not null:
                return doc.With(new BranchTrack(r.RegionId, r.City, BranchStatus.Planned, r.PlannedOn));
            case BranchOpened r when doc is not null:
                return doc.With(new BranchTrack(r.RegionId, r.City, BranchStatus.Open, r.OpenedOn));
            case BranchClosed r when doc is not null:
                return doc.With(new BranchTrack(r.RegionId, r.City, BranchStatus.Closed, r.ClosedOn));
            default:
                return doc;
        }
    }

    // Same identity as the aggregate: one branch per city, compared case-insensitively.
    private EnterpriseTrack With(BranchTrack branch)
    {
        var key = Enterprise.CityKey(branch.City);
        Branches.RemoveAll(b => Enterprise.CityKey(b.City) == key);
        Branches.Add(branch);
        return this;
    }
}

/// <summary>Which publication of a year is current; pure.</summary>
internal static class RevisionRules
{
    /// <summary>
    /// Folds a new publication of a year (publications arrive in recorded order): the one published last wins; on an equal
    /// publication date the one recorded last, i.e. the incoming one.
    /// </summary>
    public static RdYearTrack Apply(RdYearTrack year, RdPublication incoming) =>
        new(incoming.PublishedOn >= year.Current.PublishedOn ? incoming : year.Current, year.Publications + 1);

    /// <summary>The region's current series, ascending by year.</summary>
    public static IReadOnlyDictionary<int, RegionYear> Current(IReadOnlyCollection<RdYearTrack> years)
    {
        // The years come ascending: a sorted list appends each, and holds a report's whole series in two arrays.
        var current = new SortedList<int, RegionYear>(years.Count);
        foreach (var (p, count) in years)
            current[p.Year] = new RegionYear(p.Year, p.IntensityPct, p.Expenditure, p.ExpenditureUnit, p.PublishedOn, p.Source, count - 1);
        return current;
    }
}
