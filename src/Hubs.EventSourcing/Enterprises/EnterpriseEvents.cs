namespace Hubs.EventSourcing.Enterprises;

/// <summary>An enterprise was registered with its headquarters. Stored as <c>enterprise_registered</c>.</summary>
public sealed record EnterpriseRegistered(string EnterpriseId, string Name, string HeadquartersCity, string HeadquartersRegionId);

/// <summary>The enterprise began setting up a branch ("in the process of setting up an office in Shenzhen"). Stored as <c>branch_planned</c>.</summary>
public sealed record BranchPlanned(string EnterpriseId, string RegionId, string City, DateOnly PlannedOn);

/// <summary>A branch opened in a city. Stored as <c>branch_opened</c>.</summary>
public sealed record BranchOpened(string EnterpriseId, string RegionId, string City, DateOnly OpenedOn);

/// <summary>A branch closed, or a planned branch was abandoned. Stored as <c>branch_closed</c>.</summary>
public sealed record BranchClosed(string EnterpriseId, string RegionId, string City, DateOnly ClosedOn);

/// <summary>A technology moved from the lab to the market. Stored as <c>technology_transferred</c>.</summary>
public sealed record TechnologyTransferred(string EnterpriseId, string Technology, string FromLab, string ToPartner, string RegionId, DateOnly TransferredOn);
