namespace Hubs.EventSourcing.Enterprises;

/// <summary>Register an enterprise and its headquarters.</summary>
public sealed record RegisterEnterprise(string EnterpriseId, string Name, string HeadquartersCity, string HeadquartersRegionId) : IHubsCommand;

/// <summary>Announce a branch being set up in a city.</summary>
public sealed record PlanBranch(string EnterpriseId, string RegionId, string City, DateOnly PlannedOn) : IHubsCommand;

/// <summary>Open a branch in a city (planned or not).</summary>
public sealed record OpenBranch(string EnterpriseId, string RegionId, string City, DateOnly OpenedOn) : IHubsCommand;

/// <summary>Close a branch, or abandon a planned one.</summary>
public sealed record CloseBranch(string EnterpriseId, string City, DateOnly ClosedOn) : IHubsCommand;

/// <summary>Record a technology transferred from a lab to the market.</summary>
public sealed record TransferTechnology(string EnterpriseId, string Technology, string FromLab, string ToPartner, string RegionId, DateOnly TransferredOn) : IHubsCommand;
