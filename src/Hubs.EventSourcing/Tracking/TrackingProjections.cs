using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Hubs.EventSourcing.Tracking;

// Marten projections for the tracking read models. Each overrides Evolve and delegates to the document's own static
// Fold, which TrackingReplay also uses: one implementation of the fold. IncludeType limits each projection to its
// stream's event types, so a rebuild reads only the rows it needs. Registered as async (see docs/tracking.md).
// Marten hands each projection the event's headers (MetadataConfig.HeadersEnabled): an event the library did not seal, or one
// on a stream it does not own (an application's type whose alias clashes with a library name), is never folded (EventSeal.Folds).
// Hashes cannot be checked here (the projection sees neither the stored text nor every event of the stream): the one-pass
// rebuild and the replays do (ChainGate).

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

    public override ClusterTrack? Evolve(ClusterTrack? snapshot, string id, IEvent e) => EventSeal.Folds(e) ? ClusterTrack.Fold(snapshot, e) : snapshot;
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

    public override RegionTrack? Evolve(RegionTrack? snapshot, string id, IEvent e) => EventSeal.Folds(e) ? RegionTrack.Fold(snapshot, e) : snapshot;
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

    public override EnterpriseTrack? Evolve(EnterpriseTrack? snapshot, string id, IEvent e) => EventSeal.Folds(e) ? EnterpriseTrack.Fold(snapshot, e) : snapshot;
}

internal sealed partial class ExchangeRateTrackProjection : SingleStreamProjection<ExchangeRateTrack, string>
{
    public const string ProjectionName = "tracking-exchange-rates";

    public ExchangeRateTrackProjection()
    {
        Name = ProjectionName;
        IncludeType<ExchangeRateRecorded>();
    }

    public override ExchangeRateTrack? Evolve(ExchangeRateTrack? snapshot, string id, IEvent e) => EventSeal.Folds(e) ? ExchangeRateTrack.Fold(snapshot, e) : snapshot;
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
        // One document set per module with a tracking read model, folded by the module's own Fold.
        var docs = new Dictionary<HubsModule, Dictionary<string, object>>();
        foreach (var e in events)
        {
            if (HubsModel.TryOf(e.StreamKey ?? "") is not { Tracking: { } tracking } module) continue;
            if (!docs.TryGetValue(module, out var ofModule)) docs[module] = ofModule = new Dictionary<string, object>(StringComparer.Ordinal);
            Fold(ofModule, e, tracking.Fold);
        }
        List<T> Of<T>() => docs.Values.SelectMany(d => d.Values).OfType<T>().ToList();
        return new TrackingData(Of<ClusterTrack>(), Of<RegionTrack>(), Of<EnterpriseTrack>(), Of<ExchangeRateTrack>());
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

    private static void Fold(Dictionary<string, object> docs, IEvent e, Func<object?, IEvent, object?> evolve)
    {
        var next = evolve(docs.GetValueOrDefault(e.StreamKey!), e);
        if (next is not null) docs[e.StreamKey!] = next;
    }

    /// <summary>The projection types, for rebuilds and health checks, as the modules declare them.</summary>
    public static IReadOnlyList<(Type Type, string Name)> Projections =>
        HubsModel.All.Where(m => m.Tracking is not null).Select(m => (m.Tracking!.ProjectionType, m.Tracking.ProjectionName)).ToList();
}
