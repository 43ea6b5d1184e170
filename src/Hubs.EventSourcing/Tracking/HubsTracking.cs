using Hubs.EventSourcing.Auditing;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;

namespace Hubs.EventSourcing.Tracking;

/// <summary>
/// Queries the 2035 target-tracking read models (cluster scorecards, region trackers, leaderboards, enterprise footprint),
/// and keeps them current. The read models are built by Marten's async daemon: run it in the host
/// (<c>AddMarten(...).AddAsyncDaemon(DaemonMode.HotCold)</c>) and use <see cref="WaitForProjectionsAsync"/>, or, in a
/// one-shot process, call <see cref="CatchUpAsync"/> before querying. Thread-safe; register it once.
/// </summary>
public sealed class HubsTracking
{
    private readonly IDocumentStore _store;
    private readonly Diagnostics.HubsLog _log = Diagnostics.HubsLog.Silent;

    internal HubsTracking(IDocumentStore store) => _store = store;

    internal HubsTracking(IDocumentStore store, Diagnostics.HubsLog log) : this(store) => _log = log;

    /// <summary>Every scorecard, region tracker and the enterprise footprint, computed from one read of the read models.</summary>
    public async Task<TrackingReport> GetReportAsync(CancellationToken cancellationToken = default) =>
        new TrackingViews(await LoadAsync(cancellationToken).ConfigureAwait(false)).Report();

    /// <summary>
    /// The report as it stood at a past point: <paramref name="asOf"/> keeps only events recorded at or before that instant
    /// (as-of); <paramref name="knownAt"/> keeps only figures (R&amp;D reports and revisions, rank placements) published on
    /// or before that date, whenever recorded, and every other event as recorded (as-known-at). Both may be combined. The
    /// events are replayed in memory through the same folds and views as the live read models, each checked against its hash
    /// chain: one the library did not seal or that no longer matches its hash is left out and listed in
    /// <see cref="TrackingReport.SkippedEvents"/>. With neither set, this is the live report (<see cref="GetReportAsync(CancellationToken)"/>).
    /// </summary>
    /// <param name="asOf">Recorded-at cut-off (inclusive, microsecond precision as stored), or null for all recorded events.</param>
    /// <param name="knownAt">Publication-date cut-off (inclusive), or null for every figure.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<TrackingReport> GetReportAsync(DateTimeOffset? asOf, DateOnly? knownAt, CancellationToken cancellationToken = default)
    {
        if (asOf is null && knownAt is null) return await GetReportAsync(cancellationToken).ConfigureAwait(false);
        var (data, skipped) = await ReplayAsync(asOf, knownAt, cancellationToken).ConfigureAwait(false);
        var report = new TrackingViews(data).Report();
        return skipped.Count == 0 ? report : report with { SkippedEvents = skipped };
    }

    /// <summary>The stored documents (neither cut-off set) or an in-memory replay of a past point: what every view is computed from.</summary>
    internal async Task<TrackingData> DataAsync(DateTimeOffset? asOf, DateOnly? knownAt, CancellationToken ct) =>
        asOf is null && knownAt is null ? await LoadAsync(ct).ConfigureAwait(false) : (await ReplayAsync(asOf, knownAt, ct).ConfigureAwait(false)).Data;

    private async Task<(TrackingData Data, List<ChainBreak> Skipped)> ReplayAsync(DateTimeOffset? asOf, DateOnly? knownAt, CancellationToken ct)
    {
        using var activity = Diagnostics.TrackingTelemetry.StartReplay(asOf, knownAt);
        long count = 0;
        var skipped = new List<ChainBreak>();
        var later = new HashSet<string>(StringComparer.Ordinal);
        var data = await StreamedReplay.BuildAsync(StreamedReplay.EventsAsync(_store, _log, asOf, knownAt, skipped, ct, later), _ => count++, ct)
            .ConfigureAwait(false);
        if (knownAt is { } date) data.PublishedLater = (date, later);
        activity?.SetTag(Diagnostics.HubsTelemetry.EventCount, count);
        return (data, skipped);
    }

    /// <summary>
    /// What changed between two points of the report (two recorded-at instants, two publication dates, or both): figures,
    /// statuses, members, scopes and ranks, each with the events that caused it — the events included at <paramref name="to"/>
    /// but not at <paramref name="from"/> that touch the changed item. Both points are streamed through the folds; only those
    /// events are held. Events left out because they are unsealed or do not match their hash are listed in
    /// <see cref="ReportDiff.SkippedEvents"/>.
    /// </summary>
    /// <param name="from">The earlier point.</param>
    /// <param name="to">The later point.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<ReportDiff> DiffAsync(ReportPoint from, ReportPoint to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        // Each point's documents are turned into its report before the next pass: only the reports and the added events are held.
        TrackingReport before;
        // Both passes meet the same skipped events where their cut-offs overlap: each is reported once.
        var skipped = new SortedSet<ChainBreak>(Comparer<ChainBreak>.Create((a, b) =>
        {
            var byKey = string.CompareOrdinal(a.StreamKey, b.StreamKey);
            return byKey != 0 ? byKey : a.Version.CompareTo(b.Version);
        }));
        using (Diagnostics.TrackingTelemetry.StartReplay(from.AsOf, from.KnownAt))
            before = new TrackingViews(await StreamedReplay.BuildAsync(StreamedReplay.EventsAsync(_store, _log, from.AsOf, from.KnownAt, skipped, cancellationToken),
                null, cancellationToken).ConfigureAwait(false)).Report();
        var added = new List<(object Data, AuditedEvent Row)>();
        TrackingReport after;
        using (Diagnostics.TrackingTelemetry.StartReplay(to.AsOf, to.KnownAt))
            after = new TrackingViews(await StreamedReplay.BuildAsync(StreamedReplay.EventsAsync(_store, _log, to.AsOf, to.KnownAt, skipped, cancellationToken),
                e => { if (!StreamedReplay.Includes(e.Event, from)) added.Add((e.Event.Data, e.Row)); }, cancellationToken).ConfigureAwait(false)).Report();
        var diff = ReportDiffer.Compare(from, to, before, after, added);
        return skipped.Count == 0 ? diff : diff with { SkippedEvents = skipped.ToList() };
    }

    /// <summary>One cluster's scorecard, or null when the cluster is unknown (or not yet projected).</summary>
    public async Task<ClusterScorecard?> GetClusterScorecardAsync(string clusterId, CancellationToken cancellationToken = default) =>
        new TrackingViews(await LoadAsync(cancellationToken).ConfigureAwait(false)).Scorecard(clusterId);

    /// <summary>One region's tracker, or null when the region is unknown (or not yet projected).</summary>
    public async Task<RegionTracker?> GetRegionTrackerAsync(string regionId, CancellationToken cancellationToken = default) =>
        new TrackingViews(await LoadAsync(cancellationToken).ConfigureAwait(false)).Tracker(regionId);

    /// <summary>
    /// Regions ranked by R&amp;D intensity in <paramref name="year"/>; by default the latest year any (non-comparator) region
    /// reported, or an empty board for year 0 when none did.
    /// </summary>
    public async Task<Leaderboard> GetLeaderboardAsync(int? year = null, CancellationToken cancellationToken = default) =>
        new TrackingViews(await LoadAsync(cancellationToken).ConfigureAwait(false)).Leaderboard(year);

    /// <summary>Enterprises' branches per cluster, the per-cluster enterprise counts and the cluster effect.</summary>
    public async Task<EnterpriseFootprint> GetEnterpriseFootprintAsync(CancellationToken cancellationToken = default) =>
        new TrackingViews(await LoadAsync(cancellationToken).ConfigureAwait(false)).Footprint();

    /// <summary>
    /// Waits until an async daemon running elsewhere (in this host or another process on the same database) has projected
    /// every event appended so far.
    /// </summary>
    /// <exception cref="TimeoutException">The read models did not catch up within <paramref name="timeout"/>.</exception>
    public async Task WaitForProjectionsAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!await AnyEventsAsync(cancellationToken).ConfigureAwait(false)) return;
        await _store.WaitForNonStaleProjectionDataAsync(timeout).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For processes without a running daemon (a CLI, a test): starts Marten's daemon, runs it until every event appended
    /// so far is projected, and stops it. Do not call it while a daemon runs for this database in another process.
    /// </summary>
    /// <exception cref="TimeoutException">The read models did not catch up within <paramref name="timeout"/>.</exception>
    public async Task CatchUpAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!await AnyEventsAsync(cancellationToken).ConfigureAwait(false)) return;
        var daemon = await _store.BuildProjectionDaemonAsync().ConfigureAwait(false);
        try
        {
            await daemon.StartAllAsync().ConfigureAwait(false);
            await daemon.WaitForNonStaleData(timeout).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await daemon.StopAllAsync().ConfigureAwait(false);
            daemon.Dispose();
        }
    }

    /// <summary>
    /// Rebuilds every tracking read model from the whole event log (e.g. after an upgrade changed a projection), reporting
    /// progress, with <see cref="RebuildMethod.OnePass"/>. Produces the same read models as incremental projection, except
    /// that every event is checked against its hash chain: one changed after it was sealed is not folded, and is listed in
    /// <see cref="RebuildResult.SkippedEvents"/>.
    /// </summary>
    public Task<RebuildResult> RebuildAsync(IProgress<RebuildProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RebuildAsync(RebuildMethod.OnePass, progress, cancellationToken);

    /// <summary>
    /// Rebuilds every tracking read model from the whole event log, reporting progress. Both methods produce the same
    /// documents and leave Marten's daemon to resume after the last event rebuilt; docs/tracking.md#rebuilds says how they
    /// differ. Refused (nothing changed) while a hot/cold daemon runs one of the tracking projections.
    /// </summary>
    /// <exception cref="ProjectionsBusyException">A running daemon owns a tracking projection; nothing was changed.</exception>
    /// <param name="method">One pass over the log (fast, the default) or Marten's own rebuild through its daemon.</param>
    /// <param name="progress">Receives the events processed so far.</param>
    /// <param name="cancellationToken">Cancels the rebuild (a one-pass rebuild then changes nothing).</param>
    /// <returns>
    /// The events not folded (unsealed, or changed after they were sealed), and whether the events folded were checked against
    /// their hashes: the one-pass rebuild checks every one; Marten's rebuild skips unsealed events but cannot check hashes
    /// (<see cref="RebuildResult.HashesChecked"/> is false, its <see cref="RebuildResult.SkippedEvents"/> empty).
    /// </returns>
    public async Task<RebuildResult> RebuildAsync(RebuildMethod method, IProgress<RebuildProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        using var activity = Diagnostics.HubsTelemetry.Start(Diagnostics.HubsTelemetry.RebuildSpan, "rebuild read models");
        if (method == RebuildMethod.OnePass)
            return await FastRebuild.RunAsync(_store, _log, progress, cancellationToken).ConfigureAwait(false);
        await FastRebuild.EnsureNoDaemonAsync(_store, _log, cancellationToken).ConfigureAwait(false);
        var total = (await _store.Advanced.FetchEventStoreStatistics(token: cancellationToken).ConfigureAwait(false)).EventSequenceNumber;
        activity?.SetTag(Diagnostics.HubsTelemetry.EventCount, total);
        var daemon = await _store.BuildProjectionDaemonAsync().ConfigureAwait(false);
        try
        {
            var projections = TrackingReplay.Projections(_store);
            for (var i = 0; i < projections.Count; i++)
            {
                var name = projections[i];
                progress?.Report(new RebuildProgress(name, i + 1, projections.Count, 0, total, false));
                using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var reporter = progress is null ? Task.CompletedTask : ReportProgressAsync(name, i + 1, projections.Count, total, progress, stopReporting.Token);
                try
                {
                    await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await stopReporting.CancelAsync().ConfigureAwait(false);
                    await reporter.ConfigureAwait(false);
                }
                progress?.Report(new RebuildProgress(name, i + 1, projections.Count, total, total, true));
            }
        }
        finally
        {
            daemon.Dispose();
        }
        return new RebuildResult([], HashesChecked: false);
    }

    // Progress comes from the daemon's own progression table, read on a timer while the rebuild runs.
    private async Task ReportProgressAsync(string name, int index, int count, long total, IProgress<RebuildProgress> progress, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                var shards = await _store.Advanced.AllProjectionProgress(token: ct).ConfigureAwait(false);
                var done = shards.Where(s => s.ShardName.StartsWith(name + ":", StringComparison.Ordinal)).Select(s => s.Sequence).DefaultIfEmpty(0).Max();
                progress.Report(new RebuildProgress(name, index, count, Math.Min(done, total), total, false));
            }
        }
        catch (OperationCanceledException)
        {
            // The rebuild finished (or was cancelled): the final report is made by the caller.
        }
    }

    // Marten's wait reports "no event activity" as a timeout on an empty store; there is nothing to wait for then.
    private async Task<bool> AnyEventsAsync(CancellationToken ct) =>
        (await _store.Advanced.FetchEventStoreStatistics(token: ct).ConfigureAwait(false)).EventCount > 0;

    internal async Task<TrackingData> LoadAsync(CancellationToken ct)
    {
        await using var session = _store.QuerySession();
        var documents = new List<object>();
        foreach (var module in HubsModel.For(_store).Modules)
            if (module.Tracking is { } tracking)
                documents.AddRange(await tracking.LoadAsync(session, ct).ConfigureAwait(false));
        return new TrackingData(documents);
    }
}
