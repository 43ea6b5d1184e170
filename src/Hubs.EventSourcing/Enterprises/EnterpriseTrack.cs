using JasperFx.Events;

namespace Hubs.EventSourcing.Enterprises;

// The enterprise's read model, folded by the fold its module declares (EnterpriseModule: Track).

/// <summary>A branch as stored in <see cref="EnterpriseTrack"/>.</summary>
internal sealed record BranchTrack(string RegionId, string City, BranchStatus Status, DateOnly Since);

/// <summary>An enterprise's facts for tracking. Id is the stream key, e.g. <c>enterprise:joygovai</c>.</summary>
internal sealed class EnterpriseTrack
{
    public string Id { get; set; } = "";
    public string EnterpriseId { get; set; } = "";
    public string Name { get; set; } = "";
    public string HeadquartersCity { get; set; } = "";
    public string HeadquartersRegionId { get; set; } = "";
    public List<BranchTrack> Branches { get; set; } = [];

    public static EnterpriseTrack? Fold(EnterpriseTrack? doc, IEvent e)
    {
        switch (e.Data)
        {
            case EnterpriseRegistered r:
                return new EnterpriseTrack
                {
                    Id = e.StreamKey ?? Keys.Enterprise(r.EnterpriseId), EnterpriseId = r.EnterpriseId, Name = r.Name,
                    HeadquartersCity = r.HeadquartersCity, HeadquartersRegionId = r.HeadquartersRegionId,
                };
            case BranchPlanned r when doc is not null:
                return doc.With(new BranchTrack(r.RegionId, r.City, BranchStatus.Planned, r.PlannedOn));
            case BranchOpened r when doc is not null:
                return doc.With(new BranchTrack(r.RegionId, r.City, BranchStatus.Open, r.OpenedOn));
            case BranchClosed r when doc is not null:
                return doc.With(new BranchTrack(r.RegionId, r.City, BranchStatus.Closed, r.ClosedOn));
            default:
                return doc;
        }
    }

    // Same identity as the aggregate: one branch per city, compared case-insensitively.
    private EnterpriseTrack With(BranchTrack branch)
    {
        var key = Enterprise.CityKey(branch.City);
        Branches.RemoveAll(b => Enterprise.CityKey(b.City) == key);
        Branches.Add(branch);
        return this;
    }
}
