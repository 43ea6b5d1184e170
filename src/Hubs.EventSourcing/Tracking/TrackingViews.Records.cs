namespace Hubs.EventSourcing.Tracking;

/// <summary>Every tracking read model at once: the shape of the host's <c>report</c> command.</summary>
/// <param name="Clusters">One scorecard per cluster, ordered by id.</param>
/// <param name="Regions">One tracker per region (national comparators included), ordered by id.</param>
/// <param name="Enterprises">Enterprise footprint and cluster effect.</param>
/// <param name="ExchangeRates">Every exchange rate to CNY in use, by currency then year.</param>
public sealed record TrackingReport(
    IReadOnlyList<ClusterScorecard> Clusters, IReadOnlyList<RegionTracker> Regions, EnterpriseFootprint Enterprises,
    IReadOnlyList<ExchangeRateView> ExchangeRates)
{
    /// <summary>
    /// On a replayed report (as of an instant, as known at a date): the stored events the replay did not use because the
    /// library did not seal them (<see cref="Auditing.BreakKind.UnsealedEvent"/>) or they no longer match their hash
    /// (<see cref="Auditing.BreakKind.HashMismatch"/>), by stream and version — the same events
    /// <see cref="HubsAudit.VerifyAsync"/> reports. Empty when every event was used, and always empty on the live report,
    /// whose read models skip unsealed events but are not checked against the hashes (docs/auditing.md).
    /// </summary>
    public IReadOnlyList<Auditing.ChainBreak> SkippedEvents { get; init; } = [];
}

/// <summary>Where a cluster stands: members, composite R&amp;D intensity, ranks and targets.</summary>
/// <param name="Id">Cluster id, e.g. <c>greater-bay-area</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="AnchorCity">The city the hub grew from.</param>
/// <param name="Scope">Current scope.</param>
/// <param name="ScopeChangedOn">When the scope last changed (null while it never did).</param>
/// <param name="Members">Current member region ids, ordered.</param>
/// <param name="MembershipHistory">Every membership period, in the order recorded.</param>
/// <param name="RdIntensity">
/// Composite R&amp;D intensity per year, computed over the <em>counted</em> members (current members not excluded) for every
/// year so the series stays comparable as membership changes (see <see cref="CompositeYear"/>).
/// </param>
/// <param name="Ranks">Latest placement in each ranking, by the rule of <see cref="RankPlacement"/> (docs/tracking.md#ranks).</param>
/// <param name="Targets">Tracking of every target set on the cluster.</param>
/// <param name="Enterprises">Ids of enterprises with an open branch in a current member region.</param>
/// <param name="CountedMembers">The members the composite counts, ordered.</param>
/// <param name="ExcludedFromComposite">Members left out of the composite by a recorded decision.</param>
public sealed record ClusterScorecard(
    string Id, string Name, string AnchorCity, ClusterScope Scope, DateOnly? ScopeChangedOn, IReadOnlyList<string> Members,
    IReadOnlyList<MembershipPeriod> MembershipHistory, IReadOnlyList<CompositeYear> RdIntensity, IReadOnlyList<RankPlacement> Ranks,
    IReadOnlyList<TargetTracking> Targets, IReadOnlyList<string> Enterprises, IReadOnlyList<string> CountedMembers,
    IReadOnlyList<CompositeExclusion> ExcludedFromComposite)
{
    /// <summary>
    /// Figures that read models of other modules add to this cluster (<see cref="HubsModule{TState}.Track{TDocument}"/>'s
    /// scorecard), ordered by module then name; null when no module adds any (and then absent from JSON).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ScorecardFigure>? Figures { get; init; }

    /// <summary>Says how <see cref="RdIntensity"/> treats membership, for readers of the output.</summary>
    public string CompositeBasis => "current members for every year, less members excluded by a recorded decision";

    /// <summary>
    /// Who the composite counts, in words: <c>over 2 of 3 members — macao excluded by analyst:li on 2026-01-20: no comparable statistics</c>.
    /// </summary>
    public string CompositeCoverage =>
        $"over {CountedMembers.Count} of {Members.Count} members" + string.Concat(ExcludedFromComposite.Select(x =>
            $" — {x.RegionId} excluded by {x.ExcludedBy} on {x.ExcludedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}: {x.Reason}"));
}

/// <summary>A figure a module's read model adds to a cluster's scorecard (<see cref="HubsModule{TState}.Track{TDocument}"/>).</summary>
/// <param name="ClusterId">The cluster whose scorecard shows it.</param>
/// <param name="Module">The stream prefix of the module that reports it.</param>
/// <param name="Name">What it counts, e.g. <c>young-scientists fellows</c>.</param>
/// <param name="Value">The figure.</param>
public sealed record ScorecardFigure(string ClusterId, string Module, string Name, decimal Value);

/// <summary>One period of a region's membership of a cluster.</summary>
/// <param name="RegionId">The region.</param>
/// <param name="JoinedOn">When it joined.</param>
/// <param name="LeftOn">When it left; null while it is a member.</param>
public sealed record MembershipPeriod(string RegionId, DateOnly JoinedOn, DateOnly? LeftOn);

/// <summary>A cluster's composite R&amp;D intensity for one year.</summary>
/// <param name="Year">Reference year.</param>
/// <param name="Value">Percentage of GDP, rounded to 4 decimal places.</param>
/// <param name="Method">How it was computed.</param>
/// <param name="Coverage">How many counted members reported the year.</param>
/// <param name="MemberCount">How many members the composite counts.</param>
/// <param name="Missing">Counted members that did not report the year (empty unless <see cref="CompositeMethod.Partial"/>).</param>
/// <param name="Note">Why a complete year is not weighted (e.g. <c>hong-kong: no HKD→CNY rate for 2021</c>), or, in a partial year, which
/// missing members are cities without a figure of their own (<c>shenzhen: no city figure for 2024 (a city in guangdong; …)</c>); null otherwise.</param>
public sealed record CompositeYear(int Year, decimal Value, CompositeMethod Method, int Coverage, int MemberCount,
    IReadOnlyList<string> Missing, string? Note)
{
    /// <summary>Value equality, <see cref="Missing"/> compared member by member.</summary>
    public bool Equals(CompositeYear? other) =>
        other is not null && Year == other.Year && Value == other.Value && Method == other.Method && Coverage == other.Coverage
        && MemberCount == other.MemberCount && Missing.SequenceEqual(other.Missing) && Note == other.Note;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Year, Value, Method, Coverage, MemberCount, Note);
}

/// <summary>How a composite value was computed.</summary>
public enum CompositeMethod
{
    /// <summary>
    /// Complete, and every counted member's expenditure converts to CNY (by its unit and the year's exchange rate):
    /// 100·Σexpenditure / ΣGDP, GDP = 100·exp / intensity.
    /// </summary>
    Weighted,
    /// <summary>Complete, but some expenditure is missing or not convertible to CNY: arithmetic mean of intensities.</summary>
    Mean,
    /// <summary>
    /// Not every counted member reported: mean over those that did, shown but never used for a status; see
    /// <see cref="CompositeYear.Missing"/>.
    /// </summary>
    Partial,
}

/// <summary>Where a region stands: its current R&amp;D series and targets.</summary>
/// <param name="Id">Region id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Kind">Administrative kind (<see cref="RegionKind.Country"/> for a national comparator).</param>
/// <param name="ClusterId">Current cluster, if any.</param>
/// <param name="RdIntensity">Per year, the figure the as-known-at rule decides (docs/tracking.md): published last, on equal dates the better quality, then recorded last.</param>
/// <param name="Targets">Tracking of the region's targets.</param>
public sealed record RegionTracker(
    string Id, string Name, RegionKind Kind, string? ClusterId, IReadOnlyList<RegionYear> RdIntensity, IReadOnlyList<TargetTracking> Targets);

/// <summary>A region's current figure for one year.</summary>
/// <param name="Year">Reference year.</param>
/// <param name="Value">R&amp;D intensity, % of GDP.</param>
/// <param name="Expenditure">R&amp;D expenditure, when published.</param>
/// <param name="ExpenditureUnit">Its unit.</param>
/// <param name="PublishedOn">Publication date of the figure in use.</param>
/// <param name="Source">Where it was published.</param>
/// <param name="Revisions">How many revisions the year had after its first report.</param>
/// <param name="ExpenditureFrom">When the publication in use gives no expenditure and another publication of the same figure does: that publication's source.</param>
/// <param name="Correction">When the figure in use was corrected (a recording error, <see cref="Regions.RdFigureCorrected"/>): the reason.</param>
public sealed record RegionYear(int Year, decimal Value, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, string Source, int Revisions,
    string? ExpenditureFrom = null, string? Correction = null);

/// <summary>Regions ranked by R&amp;D intensity for one year.</summary>
/// <param name="Year">Reference year.</param>
/// <param name="Entries">Ranked regions, best first (ties share a rank, 1-2-2-4).</param>
/// <param name="Comparators">National comparator series (regions of kind <see cref="RegionKind.Country"/>), shown but not ranked.</param>
public sealed record Leaderboard(int Year, IReadOnlyList<LeaderboardEntry> Entries, IReadOnlyList<LeaderboardEntry> Comparators);

/// <summary>One line of a leaderboard.</summary>
/// <param name="Rank">Place; null for a comparator.</param>
/// <param name="RegionId">Region id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Value">R&amp;D intensity, % of GDP.</param>
/// <param name="PublishedOn">Publication date of the figure.</param>
public sealed record LeaderboardEntry(int? Rank, string RegionId, string Name, decimal Value, DateOnly PublishedOn);

/// <summary>Enterprises' presence in the clusters.</summary>
/// <param name="Enterprises">Every enterprise with its branches and per-cluster presence, ordered by id.</param>
/// <param name="Clusters">Per cluster, how many enterprises have an open branch in a current member region.</param>
/// <param name="ClusterEffect">Ids of enterprises present (with an open branch) in two or more clusters.</param>
public sealed record EnterpriseFootprint(
    IReadOnlyList<EnterprisePresence> Enterprises, IReadOnlyList<ClusterEnterpriseCount> Clusters, IReadOnlyList<string> ClusterEffect);

/// <summary>An enterprise's branches and the clusters they fall in.</summary>
/// <param name="Id">Enterprise id.</param>
/// <param name="Name">Display name.</param>
/// <param name="HeadquartersCity">Headquarters city.</param>
/// <param name="HeadquartersRegionId">Headquarters region.</param>
/// <param name="Branches">Every branch, ordered by city.</param>
/// <param name="Clusters">Per cluster with at least one open or planned branch in a current member region.</param>
public sealed record EnterprisePresence(
    string Id, string Name, string HeadquartersCity, string HeadquartersRegionId, IReadOnlyList<BranchView> Branches,
    IReadOnlyList<ClusterPresence> Clusters)
{
    /// <summary>How many clusters the enterprise has an open branch in.</summary>
    public int PresentInClusters => Clusters.Count(c => c.OpenBranches > 0);
}

/// <summary>A branch and the cluster its region currently belongs to.</summary>
/// <param name="RegionId">Region of the branch.</param>
/// <param name="City">City.</param>
/// <param name="Status">Planned, open or closed.</param>
/// <param name="Since">Date of the last status change.</param>
/// <param name="ClusterId">The region's current cluster, if any.</param>
public sealed record BranchView(string RegionId, string City, BranchStatus Status, DateOnly Since, string? ClusterId);

/// <summary>An enterprise's branches in one cluster.</summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="OpenBranches">Open branches in its member regions.</param>
/// <param name="PlannedBranches">Planned branches in its member regions.</param>
public sealed record ClusterPresence(string ClusterId, int OpenBranches, int PlannedBranches);

/// <summary>How many enterprises a cluster hosts.</summary>
/// <param name="ClusterId">The cluster.</param>
/// <param name="Enterprises">Enterprises with an open branch in a current member region.</param>
public sealed record ClusterEnterpriseCount(string ClusterId, int Enterprises);

/// <summary>How a target is tracking. Figures are rounded to 4 decimal places; statuses use the unrounded values.</summary>
/// <param name="Metric">What is measured.</param>
/// <param name="Ranking">For a rank target, the ranking.</param>
/// <param name="Target">Target value.</param>
/// <param name="Deadline">Deadline year.</param>
/// <param name="LatestYear">Most recent year used (for a composite: the most recent complete year of the method used).</param>
/// <param name="Latest">Value in that year.</param>
/// <param name="Projected">The least-squares trend line at the deadline year; null with fewer than 3 points.</param>
/// <param name="RequiredAnnualChange">(target − latest) / (deadline − latest year); null once the deadline year is reached.</param>
/// <param name="TrendSlope">Change per year of the trend line.</param>
/// <param name="TrendPoints">Points the trend was fitted on (see <see cref="TrackingBasis.YearsUsed"/>).</param>
/// <param name="Status">The verdict.</param>
/// <param name="Basis">What the verdict was computed from, and every year left out with its reason.</param>
public sealed record TargetTracking(
    TargetMetric Metric, string? Ranking, decimal Target, int Deadline, int? LatestYear, decimal? Latest, decimal? Projected,
    decimal? RequiredAnnualChange, decimal? TrendSlope, int TrendPoints, TargetStatus Status, TrackingBasis Basis);

/// <summary>Verdict on a target.</summary>
public enum TargetStatus
{
    /// <summary>The latest value already meets the target (or the deadline year's value met it).</summary>
    Achieved,
    /// <summary>The trend reaches the target by the deadline.</summary>
    OnTrack,
    /// <summary>The trend misses the target by at most 10 % of the target.</summary>
    AtRisk,
    /// <summary>The trend misses the target by more than 10 % of the target.</summary>
    OffTrack,
    /// <summary>Fewer than 3 usable yearly values to fit a trend, or none at all; <see cref="TrackingBasis.Reason"/> says why.</summary>
    InsufficientData,
    /// <summary>The deadline year has a value and it does not meet the target.</summary>
    Missed,
}

/// <summary>Progress of <see cref="HubsTracking.RebuildAsync(RebuildMethod, IProgress{RebuildProgress}?, CancellationToken)"/>.</summary>
/// <param name="Projection">The read model being rebuilt (a one-pass rebuild reports all of them as one).</param>
/// <param name="Index">Its position (1-based) among <paramref name="Count"/>.</param>
/// <param name="Count">How many read models are rebuilt.</param>
/// <param name="EventsProcessed">How far the rebuild is, on the scale of <paramref name="EventsTotal"/>: the highest event sequence processed so far (Marten's daemon), or the number of events read so far (a one-pass rebuild, which reads stream after stream); equal to it on the last report.</param>
/// <param name="EventsTotal">Highest event sequence in the store when the rebuild started.</param>
/// <param name="Finished">True on the last report for this projection.</param>
public sealed record RebuildProgress(string Projection, int Index, int Count, long EventsProcessed, long EventsTotal, bool Finished);

/// <summary>What a rebuild of the tracking read models did with the events it read.</summary>
/// <param name="SkippedEvents">
/// The stored events the rebuild did not fold because the library did not seal them (<see cref="Auditing.BreakKind.UnsealedEvent"/>)
/// or they no longer match their hash (<see cref="Auditing.BreakKind.HashMismatch"/>), by stream and version — the same events
/// <see cref="HubsAudit.VerifyAsync"/> reports. Empty when every event was used.
/// </param>
/// <param name="HashesChecked">
/// True when every event folded was checked against its hash chain (<see cref="RebuildMethod.OnePass"/>). False for
/// <see cref="RebuildMethod.MartenDaemon"/>: Marten's projections skip unsealed events but cannot recompute hashes, so an
/// event changed in the database after it was sealed is folded as it now reads; run <see cref="HubsAudit.VerifyAsync"/>.
/// </param>
public sealed record RebuildResult(IReadOnlyList<Auditing.ChainBreak> SkippedEvents, bool HashesChecked);

/// <summary>How <see cref="HubsTracking.RebuildAsync(RebuildMethod, IProgress{RebuildProgress}?, CancellationToken)"/> rebuilds.</summary>
public enum RebuildMethod
{
    /// <summary>
    /// The events read once in sequence, every document folded in memory and written in bulk with the projections' progress
    /// in one transaction: several times faster than Marten's rebuild. Holds the documents (not the events) in memory.
    /// </summary>
    OnePass,

    /// <summary>Marten's own rebuild, projection by projection through its async daemon: the fallback.</summary>
    MartenDaemon,
}
