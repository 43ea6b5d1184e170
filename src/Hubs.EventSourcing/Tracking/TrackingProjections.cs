using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Storage;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace Hubs.EventSourcing.Tracking;

// The Marten projection of every module's read model (HubsModule.Track): the module's own fold, limited by IncludeType to the
// module's declared event types, so a rebuild reads only the rows it needs. Registered as async (see docs/tracking.md).
// Marten hands the projection the event's headers (MetadataConfig.HeadersEnabled): an event the library did not seal, or one
// on a stream it does not own (an application's type whose alias clashes with a library name), is never folded (EventSeal.Folds).
// Hashes cannot be checked here (the projection sees neither the stored text nor every event of the stream): the one-pass
// rebuild and the replays do (ChainGate).

internal sealed partial class ModuleTrackProjection<TDocument> : SingleStreamProjection<TDocument, string> where TDocument : class
{
    private readonly Func<TDocument?, IEvent, TDocument?> _fold;

    public ModuleTrackProjection(string name, IEnumerable<Type> events, Func<TDocument?, IEvent, TDocument?> fold)
    {
        Name = name;
        _fold = fold;
        foreach (var type in events) IncludeType(type);
    }

    public override TDocument? Evolve(TDocument? snapshot, string id, IEvent e) => EventSeal.Folds(e) ? _fold(snapshot, e) ?? snapshot : snapshot;
}

/// <summary>
/// Folds a list of events into the tracking documents in memory, with the modules' own folds. Auditing passes a filtered list
/// (recorded at or before an instant, or published on or before a date) to get as-of and as-known-at read models; the result
/// goes through <see cref="TrackingViews"/> like the stored documents do.
/// </summary>
internal static class TrackingReplay
{
    /// <summary>
    /// Events in recorded order (global sequence); events of streams no tracked module owns (e.g. tombstones) are skipped. The
    /// events are taken stream after stream (each keeps its order) and folded by <see cref="StreamedReplay.Build"/>: one fold loop.
    /// </summary>
    public static TrackingData Build(IEnumerable<IEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return StreamedReplay.Build(events.GroupBy(e => e.StreamKey ?? "", StringComparer.Ordinal).SelectMany(g => g));
    }

    /// <summary>For as-of reports: only the events recorded at or before <paramref name="instant"/>.</summary>
    public static IEnumerable<IEvent> RecordedAtOrBefore(IEnumerable<IEvent> events, DateTimeOffset instant) =>
        events.Where(e => e.Timestamp <= instant);

    /// <summary>
    /// For as-known-at reports: drops figures published after <paramref name="date"/>, whenever they were recorded — the events
    /// a module marks as published (<see cref="HubsModule{TState}.PublishedOn{TEvent}"/>: R&amp;D reports and revisions, rank
    /// placements, exchange rates); every other event (structure, membership, exclusions from a composite, targets) is kept.
    /// A figure without a publication date counts as published on the (UTC) day it was recorded.
    /// </summary>
    public static IEnumerable<IEvent> PublishedOnOrBefore(IEnumerable<IEvent> events, DateOnly date) =>
        events.Where(e => Includes(e, date));

    internal static bool Includes(IEvent e, DateOnly date) =>
        !HubsModel.Current.EventsByType.TryGetValue(e.Data.GetType(), out var declared) || declared.PublishedOn is not { } publishedOn
        || (publishedOn(e.Data) ?? DateOnly.FromDateTime(e.Timestamp.UtcDateTime)) <= date;

    /// <summary>A store's read-model projection names, for rebuilds and health checks, as its modules declare them.</summary>
    public static IReadOnlyList<string> Projections(IDocumentStore store) =>
        HubsModel.For(store).Modules.Where(m => m.Tracking is not null).Select(m => m.Tracking!.ProjectionName).ToList();
}
