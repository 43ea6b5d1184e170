namespace Hubs.EventSourcing.Regions;

/// <summary>A region (province, municipality, SAR or a national comparator) was registered. Stored as <c>region_registered_v2</c> (version 1, <c>region_registered</c>, read through <c>RegionRegisteredV1</c>).</summary>
public sealed record RegionRegistered(string RegionId, string Name, RegionKind Kind);

/// <summary>
/// The statistics office reported a year's R&amp;D intensity for the first time. Stored as <c>rd_intensity_reported</c>.
/// </summary>
/// <param name="RegionId">The region.</param>
/// <param name="Year">The reference year the figure describes.</param>
/// <param name="IntensityPct">R&amp;D expenditure as a percentage of GDP.</param>
/// <param name="Expenditure">R&amp;D expenditure, when published.</param>
/// <param name="ExpenditureUnit">Unit of <paramref name="Expenditure"/>, e.g. <c>CNY 100m</c>.</param>
/// <param name="PublishedOn">The date the statistics were published: the basis of as-known-at reports.</param>
/// <param name="Source">Where the figure was published.</param>
public sealed record RdIntensityReported(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, string Source);

/// <summary>
/// A year already reported was revised by the statistics office. Stored as <c>rd_intensity_revised</c>.
/// </summary>
/// <param name="RegionId">The region.</param>
/// <param name="Year">The reference year revised.</param>
/// <param name="IntensityPct">The revised figure.</param>
/// <param name="Expenditure">The revised expenditure, when published.</param>
/// <param name="ExpenditureUnit">Unit of <paramref name="Expenditure"/>.</param>
/// <param name="PublishedOn">Publication date of the revision; always after the figure it revises.</param>
/// <param name="Source">Where the revision was published.</param>
/// <param name="Reason">Why the office revised it (e.g. economic census benchmark revision).</param>
/// <param name="PreviousIntensityPct">The figure this revision replaces, for readers of the history.</param>
public sealed record RdIntensityRevised(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, string Source,
    string Reason, decimal PreviousIntensityPct);

/// <summary>A target was set (or replaced) on a region. Stored as <c>region_target_set_v2</c> (version 1, <c>region_target_set</c>, read through <c>RegionTargetSetV1</c>).</summary>
public sealed record RegionTargetSet(string RegionId, TargetMetric Metric, decimal Target, int DeadlineYear);

/// <summary>
/// The region became a member of a cluster: the region-side record of <see cref="Clusters.RegionJoinedCluster"/>, written in
/// the same transaction so that a region is in at most one cluster at a time. Stored as <c>region_assigned_to_cluster</c>.
/// </summary>
public sealed record RegionAssignedToCluster(string RegionId, string ClusterId, DateOnly AssignedOn);

/// <summary>The region-side record of <see cref="Clusters.RegionLeftCluster"/>. Stored as <c>region_released_from_cluster</c>.</summary>
public sealed record RegionReleasedFromCluster(string RegionId, string ClusterId, DateOnly ReleasedOn);

/// <summary>
/// A city was recorded as lying inside another region (Shenzhen in Guangdong). Stored as <c>region_parent_recorded</c>.
/// </summary>
public sealed record RegionParentRecorded(string RegionId, string ParentRegionId);

/// <summary>
/// The parent-side record of <see cref="RegionParentRecorded"/>, written in the same transaction, so that a cluster deciding on the
/// parent knows its cities. Stored as <c>region_child_recorded</c>.
/// </summary>
public sealed record RegionChildRecorded(string RegionId, string ChildRegionId);

/// <summary>
/// The figure of a year in use was corrected: a recording error, not a new publication. Stored as <c>rd_figure_corrected</c>;
/// it counts as known from the corrected publication's date (<paramref name="Corrects"/>), so an as-known-at reading shows the
/// corrected figure wherever it showed the wrong one.
/// </summary>
/// <param name="RegionId">The region.</param>
/// <param name="Year">The reference year.</param>
/// <param name="IntensityPct">The corrected figure.</param>
/// <param name="Expenditure">The corrected expenditure, if any.</param>
/// <param name="ExpenditureUnit">Its unit.</param>
/// <param name="Reason">What was wrong.</param>
/// <param name="Corrects">The publication date of the figure corrected, as <see cref="Publications.PublicationDate"/> writes it
/// (<c>unknown</c> for an undated one).</param>
/// <param name="PreviousIntensityPct">The figure as it was recorded before the correction.</param>
public sealed record RdFigureCorrected(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, string Reason, string Corrects,
    decimal PreviousIntensityPct);

/// <summary>
/// A publication of a year's R&amp;D figure was recorded: any publication, at any time, in any order (docs/tracking.md,
/// "Publications"). The figure in use is decided over the publications by <c>PublicationRule</c>. Stored as <c>rd_figure_published</c>.
/// </summary>
/// <param name="RegionId">The region.</param>
/// <param name="Year">The reference year the figure describes.</param>
/// <param name="IntensityPct">R&amp;D expenditure as a percentage of GDP.</param>
/// <param name="Expenditure">R&amp;D expenditure, when this publication gives it.</param>
/// <param name="ExpenditureUnit">Unit of <paramref name="Expenditure"/>.</param>
/// <param name="PublicationDate">When it was published, as precisely as known (<see cref="Publications.PublicationDate"/>'s text).</param>
/// <param name="Publisher">Who published it, e.g. <c>NBS</c> or <c>Xinhua</c>.</param>
/// <param name="Document">The document, e.g. the communiqué's title.</param>
/// <param name="Quality">How far it can be trusted.</param>
public sealed record RdFigurePublished(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, string PublicationDate,
    string Publisher, string Document, Publications.PublicationQuality Quality);
