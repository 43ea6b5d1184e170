using System.Collections.Immutable;

namespace Hubs.EventSourcing.Enterprises;

/// <summary>A branch of an enterprise in one city.</summary>
public sealed record Branch(string RegionId, string City, BranchStatus Status, DateOnly Since);

/// <summary>State of an enterprise, folded from its stream.</summary>
public sealed record Enterprise
{
    /// <summary>Readable id, e.g. <c>joygovai</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>Headquarters city, e.g. Chengdu.</summary>
    public required string HeadquartersCity { get; init; }
    /// <summary>Region of the headquarters, e.g. <c>sichuan</c>.</summary>
    public required string HeadquartersRegionId { get; init; }
    /// <summary>Branches by normalised city name.</summary>
    public ImmutableSortedDictionary<string, Branch> Branches { get; init; } = ImmutableSortedDictionary<string, Branch>.Empty;
    /// <summary>How many technologies were transferred to market.</summary>
    public int TechnologyTransfers { get; init; }

    /// <summary>Normalises a city name for comparison: trimmed, case-insensitive.</summary>
    public static string CityKey(string city) => city.Trim().ToUpperInvariant();

    /// <summary>Starts the state from <see cref="EnterpriseRegistered"/>.</summary>
    public static Enterprise Create(EnterpriseRegistered e) =>
        new() { Id = e.EnterpriseId, Name = e.Name, HeadquartersCity = e.HeadquartersCity, HeadquartersRegionId = e.HeadquartersRegionId };

    /// <summary>Adds a planned branch.</summary>
    public Enterprise Apply(BranchPlanned e) => WithBranch(new Branch(e.RegionId, e.City, BranchStatus.Planned, e.PlannedOn));

    /// <summary>Opens a branch.</summary>
    public Enterprise Apply(BranchOpened e) => WithBranch(new Branch(e.RegionId, e.City, BranchStatus.Open, e.OpenedOn));

    /// <summary>Closes a branch.</summary>
    public Enterprise Apply(BranchClosed e) => WithBranch(new Branch(e.RegionId, e.City, BranchStatus.Closed, e.ClosedOn));

    /// <summary>Counts a transfer.</summary>
    public Enterprise Apply(TechnologyTransferred e) => this with { TechnologyTransfers = TechnologyTransfers + 1 };

    private Enterprise WithBranch(Branch b) => this with { Branches = Branches.SetItem(CityKey(b.City), b) };
}
