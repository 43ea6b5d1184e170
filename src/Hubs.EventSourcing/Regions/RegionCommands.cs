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

/// <summary>
/// Correct a recording error in the figure of a year now in use: the value recorded was not the value published. Not a
/// revision: the corrected figure keeps the publication it corrects (its date, publisher and quality) and applies from that
/// publication's date; history keeps both, and reports mark the figure as corrected. Works for undated publications too.
/// </summary>
/// <param name="RegionId">The region.</param>
/// <param name="Year">The reference year whose figure in use is corrected.</param>
/// <param name="IntensityPct">The figure as it was published.</param>
/// <param name="Expenditure">The expenditure as it was published; null keeps the one recorded (a correction of the intensity alone).</param>
/// <param name="ExpenditureUnit">Its unit.</param>
/// <param name="Reason">What was wrong, e.g. "typed 3.24 for 3.42 from the communiqué's table 2" (required).</param>
public sealed record CorrectRdFigure(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, string Reason) : IHubsCommand;

/// <summary>
/// Record one publication of a year's R&amp;D figure, in any order: an earlier primary publication may follow a later quote.
/// The same figure (after unit conversion) with the same publication date is already recorded.
/// </summary>
/// <param name="RegionId">The region.</param>
/// <param name="Year">The reference year.</param>
/// <param name="IntensityPct">The figure.</param>
/// <param name="Expenditure">The expenditure, when this publication gives it.</param>
/// <param name="ExpenditureUnit">Its unit.</param>
/// <param name="PublicationDate">A day, month or year, or <c>unknown</c> (<see cref="Publications.PublicationDate"/>).</param>
/// <param name="Publisher">Who published it.</param>
/// <param name="Document">The document.</param>
/// <param name="Quality">Its quality.</param>
public sealed record RecordRdPublication(
    string RegionId, int Year, decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, string PublicationDate,
    string Publisher, string Document, Publications.PublicationQuality Quality) : IHubsCommand;
