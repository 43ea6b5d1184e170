using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Hubs.EventSourcing.Tracking;

// Marten projections for the tracking read models. Each overrides Evolve and delegates to the document's own static
// Fold, which TrackingReplay also uses: one implementation of the fold. IncludeType limits each projection to its
// stream's event types, so a rebuild reads only the rows it needs. Registered as async (see docs/tracking.md).

internal sealed partial class ClusterTrackProjection : SingleStreamProjection<ClusterTrack, string>
{
    public const string ProjectionName = "tracking-clusters";

    public ClusterTrackProjection()
    {
        Name = ProjectionName;
        IncludeType<ClusterEstablished>();
        IncludeType<ClusterScopeExpanded>();
        IncludeType<RegionJoinedCluster>();
        IncludeType<RegionLeftCluster>();
        IncludeType<ClusterTargetSet>();
        IncludeType<GlobalRankRecorded>();
        IncludeType<MemberExcludedFromComposite>();
        IncludeType<MemberReinstatedInComposite>();
    }

    public override ClusterTrack? Evolve(ClusterTrack? snapshot, string id, IEvent e) => ClusterTrack.Fold(snapshot, e);
}

internal sealed partial class RegionTrackProjection : SingleStreamProjection<RegionTrack, string>
{
    public const string ProjectionName = "tracking-regions";

    public RegionTrackProjection()
    {
        Name = ProjectionName;
        IncludeType<RegionRegistered>();
        IncludeType<RdIntensityReported>();
        IncludeType<RdIntensityRevised>();
        IncludeType<RegionTargetSet>();
        IncludeType<RegionAssignedToCluster>();
        IncludeType<RegionReleasedFromCluster>();
    }

    public override RegionTrack? Evolve(RegionTrack? snapshot, string id, IEvent e) => RegionTrack.Fold(snapshot, e);
}

internal sealed partial class EnterpriseTrackProjection : SingleStreamProjection<EnterpriseTrack, string>
{
    public const string ProjectionName = "tracking-enterprises";

    public EnterpriseTrackProjection()
    {
        Name = ProjectionName;
        IncludeType<EnterpriseRegistered>();
        IncludeType<BranchPlanned>();
        IncludeType<BranchOpened>();
        IncludeType<BranchClosed>();
    }

    public override EnterpriseTrack? Evolve(EnterpriseTrack? snapshot, string id, IEvent e) => EnterpriseTrack.Fold(snapshot, e);
}

internal sealed partial class ExchangeRateTrackProjection : SingleStreamProjection<ExchangeRateTrack, string>
{
    public const string ProjectionName = "tracking-exchange-rates";

    public ExchangeRateTrackProjection()
    {
        Name = ProjectionName;
        IncludeType<ExchangeRateRecorded>();
    }

    public override ExchangeRateTrack? Evolve(ExchangeRateTrack? snapshot, string id, IEvent e) => ExchangeRateTrack.Fold(snapshot, e);
}

/// <summary>
/// Folds a list of events into the tracking documents in memory, with the same Fold code as the projections. Auditing
/// passes a filtered list (recorded at or before an instant, or published on or before a date) to get as-of and
/// as-known-at read models; the result goes through <see cref="TrackingViews"/> like the stored documents do.
/// </summary>
internal static class TrackingReplay
{
    /// <summary>Events must be in recorded order (global sequence); events of other streams (e.g. tombstones) are skipped.</summary>
    public static TrackingData Build(IEnumerable<IEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var clusters = new Dictionary<string, ClusterTrack>(StringComparer.Ordinal);
        var regions = new Dictionary<string, RegionTrack>(StringComparer.Ordinal);
        var enterprises = new Dictionary<string, EnterpriseTrack>(StringComparer.Ordinal);
        var rates = new Dictionary<string, ExchangeRateTrack>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            switch (Keys.Parse(e.StreamKey ?? "").Kind)
            {
                case "cluster": Fold(clusters, e, ClusterTrack.Fold); break;
                case "region": Fold(regions, e, RegionTrack.Fold); break;
                case "enterprise": Fold(enterprises, e, EnterpriseTrack.Fold); break;
                case "rate": Fold(rates, e, ExchangeRateTrack.Fold); break;
            }
        }
        return new TrackingData(clusters.Values.ToList(), regions.Values.ToList(), enterprises.Values.ToList(), rates.Values.ToList());
    }

    /// <summary>For as-of reports: only the events recorded at or before <paramref name="instant"/>.</summary>
    public static IEnumerable<IEvent> RecordedAtOrBefore(IEnumerable<IEvent> events, DateTimeOffset instant) =>
        events.Where(e => e.Timestamp <= instant);

    /// <summary>
    /// For as-known-at reports: drops figures (R&amp;D reports and revisions, rank placements, exchange rates) published after
    /// <paramref name="date"/>, whenever they were recorded; every other event (structure, membership, exclusions from a
    /// composite, targets) is kept. A rate without a publication date counts as published on the (UTC) day it was recorded.
    /// </summary>
    public static IEnumerable<IEvent> PublishedOnOrBefore(IEnumerable<IEvent> events, DateOnly date) =>
        events.Where(e => e.Data switch
        {
            RdIntensityReported r => r.PublishedOn <= date,
            RdIntensityRevised r => r.PublishedOn <= date,
            GlobalRankRecorded r => r.PublishedOn <= date,
            ExchangeRateRecorded r => (r.PublishedOn ?? DateOnly.FromDateTime(e.Timestamp.UtcDateTime)) <= date,
            _ => true,
        });

    private static void Fold<T>(Dictionary<string, T> docs, IEvent e, Func<T?, IEvent, T?> evolve) where T : class
    {
        var next = evolve(docs.GetValueOrDefault(e.StreamKey!), e);
        if (next is not null) docs[e.StreamKey!] = next;
    }

    /// <summary>The projection types, for registration and rebuilds.</summary>
    public static readonly IReadOnlyList<(Type Type, string Name)> Projections =
    [
        (typeof(ClusterTrackProjection), ClusterTrackProjection.ProjectionName),
        (typeof(RegionTrackProjection), RegionTrackProjection.ProjectionName),
        (typeof(EnterpriseTrackProjection), EnterpriseTrackProjection.ProjectionName),
        (typeof(ExchangeRateTrackProjection), ExchangeRateTrackProjection.ProjectionName),
    ];
}
