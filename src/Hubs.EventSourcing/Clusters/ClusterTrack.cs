using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Clusters;

// The cluster's read model, folded by the fold its module declares (ClusterModule: Track).

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
    /// <summary>The names ranking editions print for the hub (<c>hubs cluster alias</c>), as recorded.</summary>
    public List<string> Aliases { get; set; } = [];
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
            case ClusterAliasAdded c when doc is not null:
                if (!doc.Aliases.Contains(c.RankedName, Rankings.RankedNames.Comparer)) doc.Aliases.Add(c.RankedName);
                return doc;
            case ClusterAliasRemoved c when doc is not null:
                doc.Aliases.RemoveAll(a => Rankings.RankedNames.Comparer.Equals(a, c.RankedName));
                return doc;
            default:
                return doc;
        }
    }
}
