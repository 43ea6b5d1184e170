using System.Collections.Immutable;

namespace Hubs.EventSourcing.Clusters;

/// <summary>A cluster's place in one edition of a ranking.</summary>
public sealed record RankEntry(string Ranking, int Edition, int Rank, string RankedName, DateOnly PublishedOn);

/// <summary>State of an innovation hub, folded from its stream.</summary>
public sealed record Cluster
{
    /// <summary>Readable id, e.g. <c>greater-bay-area</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>The city the hub grew from.</summary>
    public required string AnchorCity { get; init; }
    /// <summary>When the hub was established: no region can have joined it earlier.</summary>
    public DateOnly EstablishedOn { get; init; }
    /// <summary>Single-city or regional.</summary>
    public ClusterScope Scope { get; init; }
    /// <summary>Current member regions.</summary>
    public ImmutableSortedSet<string> Members { get; init; } = ImmutableSortedSet<string>.Empty;
    /// <summary>Current members left out of the composite R&amp;D intensity by a recorded decision.</summary>
    public ImmutableSortedSet<string> ExcludedFromComposite { get; init; } = ImmutableSortedSet<string>.Empty;
    /// <summary>Targets by <see cref="Target.Key"/>.</summary>
    public ImmutableSortedDictionary<string, Target> Targets { get; init; } = ImmutableSortedDictionary<string, Target>.Empty;
    /// <summary>Every ranking placement recorded, in order.</summary>
    public ImmutableList<RankEntry> Ranks { get; init; } = ImmutableList<RankEntry>.Empty;
    /// <summary>The names rankings print for the hub's clusters (<c>Shanghai–Suzhou</c>, <c>Hangzhou</c>), compared as <see cref="Rankings.RankedNames"/> does.</summary>
    public ImmutableSortedSet<string> Aliases { get; init; } = ImmutableSortedSet<string>.Empty.WithComparer(Rankings.RankedNames.Comparer);

    /// <summary>Starts the state from <see cref="ClusterEstablished"/>.</summary>
    public static Cluster Create(ClusterEstablished e) => new() { Id = e.ClusterId, Name = e.Name, AnchorCity = e.AnchorCity, Scope = e.Scope, EstablishedOn = e.EstablishedOn };

    /// <summary>Widens the scope.</summary>
    public Cluster Apply(ClusterScopeExpanded e) => this with { Scope = e.ToScope };

    /// <summary>Adds a member.</summary>
    public Cluster Apply(RegionJoinedCluster e) => this with { Members = Members.Add(e.RegionId) };

    /// <summary>Removes a member (and any exclusion of it: a decision about a member ends with its membership).</summary>
    public Cluster Apply(RegionLeftCluster e) =>
        this with { Members = Members.Remove(e.RegionId), ExcludedFromComposite = ExcludedFromComposite.Remove(e.RegionId) };

    /// <summary>Leaves a member out of the composite.</summary>
    public Cluster Apply(MemberExcludedFromComposite e) => this with { ExcludedFromComposite = ExcludedFromComposite.Add(e.RegionId) };

    /// <summary>Counts a member in the composite again.</summary>
    public Cluster Apply(MemberReinstatedInComposite e) => this with { ExcludedFromComposite = ExcludedFromComposite.Remove(e.RegionId) };

    /// <summary>Sets or replaces a target.</summary>
    public Cluster Apply(ClusterTargetSet e)
    {
        var target = new Target(e.Metric, e.Ranking, e.Target, e.DeadlineYear);
        return this with { Targets = Targets.SetItem(target.Key, target) };
    }

    /// <summary>Records a ranking placement.</summary>
    public Cluster Apply(GlobalRankRecorded e) =>
        this with { Ranks = Ranks.Add(new RankEntry(e.Ranking, e.Edition, e.Rank, e.RankedName, e.PublishedOn)) };

    /// <summary>Adds a ranked name.</summary>
    public Cluster Apply(ClusterAliasAdded e) => this with { Aliases = Aliases.Add(e.RankedName) };

    /// <summary>Removes a ranked name.</summary>
    public Cluster Apply(ClusterAliasRemoved e) => this with { Aliases = Aliases.Remove(e.RankedName) };
}
