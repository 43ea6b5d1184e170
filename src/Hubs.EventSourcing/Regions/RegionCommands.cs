namespace Hubs.EventSourcing.Regions;

/// <summary>Register a region under a readable id.</summary>
public sealed record RegisterRegion(string RegionId, string Name, RegionKind Kind) : IHubsCommand;

/// <summary>Report a year's R&amp;D intensity for the first time; a year already reported must be revised instead.</summary>
public sealed record ReportRdIntensity(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, string Source) : IHubsCommand;

/// <summary>Revise a reported year with a figure published later than the one it replaces.</summary>
public sealed record ReviseRdIntensity(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, string Source,
    string Reason) : IHubsCommand;

/// <summary>Set or replace the region's R&amp;D-intensity target.</summary>
public sealed record SetRegionTarget(string RegionId, decimal Target, int DeadlineYear) : IHubsCommand;

/// <summary>
/// Record the place a city lies in (Shenzhen in Guangdong, Xiong'an in Hebei). Reads the parent's stream and writes to both: the
/// city records its parent, the parent its child, so that a cluster can refuse to count a place beside its parent or child.
/// </summary>
public sealed record RecordRegionParent(string RegionId, string ParentRegionId) : IHubsCommand;
