using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Enterprises;

/// <summary>
/// The enterprise's state rules. Every command that names a region reads that region's stream too (and writes nothing to
/// it): a headquarters, branch or transfer must be in a registered region that is a place, not a national comparator series.
/// </summary>
internal static class EnterpriseDecider
{
    public static (object[] Enterprise, object[] Region) Decide(RegisterEnterprise c, Enterprise? state, Region? region)
    {
        if (state is not null)
            throw new CommandRejectedException("enterprise-already-registered", nameof(c.EnterpriseId), c.EnterpriseId,
                $"Enterprise '{c.EnterpriseId}' is already registered as '{state.Name}'.");
        Place(region, nameof(c.HeadquartersRegionId), c.HeadquartersRegionId);
        return ([new EnterpriseRegistered(c.EnterpriseId, c.Name.Trim(), c.HeadquartersCity.Trim(), c.HeadquartersRegionId)], []);
    }

    public static (object[] Enterprise, object[] Region) Decide(PlanBranch c, Enterprise? state, Region? region)
    {
        var enterprise = Registered(state, c.EnterpriseId);
        Place(region, nameof(c.RegionId), c.RegionId);
        if (enterprise.Branches.TryGetValue(Enterprise.CityKey(c.City), out var b) && b.Status != BranchStatus.Closed)
            throw new CommandRejectedException("branch-already-exists", nameof(c.City), c.City,
                $"{enterprise.Name} already has a {b.Status.ToString().ToLowerInvariant()} branch in {b.City}.");
        return ([new BranchPlanned(c.EnterpriseId, c.RegionId, c.City.Trim(), c.PlannedOn)], []);
    }

    public static (object[] Enterprise, object[] Region) Decide(OpenBranch c, Enterprise? state, Region? region)
    {
        var enterprise = Registered(state, c.EnterpriseId);
        Place(region, nameof(c.RegionId), c.RegionId);
        if (enterprise.Branches.TryGetValue(Enterprise.CityKey(c.City), out var b))
        {
            if (b.Status == BranchStatus.Open)
                throw new CommandRejectedException("branch-already-open", nameof(c.City), c.City,
                    $"{enterprise.Name} already has an open branch in {b.City}; an enterprise cannot open two branches in the same city.");
            if (b.Status == BranchStatus.Planned && b.RegionId != c.RegionId)
                throw new CommandRejectedException("branch-region-mismatch", nameof(c.RegionId), c.RegionId,
                    $"The planned branch in {b.City} is in region '{b.RegionId}', not '{c.RegionId}'.");
            if (c.OpenedOn < b.Since)
                throw new CommandRejectedException("date-before-previous", nameof(c.OpenedOn), c.OpenedOn,
                    $"The branch in {b.City} cannot open before {b.Since:yyyy-MM-dd}, when it was last {b.Status.ToString().ToLowerInvariant()}.");
        }
        return ([new BranchOpened(c.EnterpriseId, c.RegionId, c.City.Trim(), c.OpenedOn)], []);
    }

    public static object[] Decide(CloseBranch c, Enterprise? state)
    {
        var enterprise = Registered(state, c.EnterpriseId);
        if (!enterprise.Branches.TryGetValue(Enterprise.CityKey(c.City), out var b) || b.Status == BranchStatus.Closed)
            throw new CommandRejectedException("branch-not-found", nameof(c.City), c.City,
                $"{enterprise.Name} has no open or planned branch in {c.City}.");
        if (c.ClosedOn < b.Since)
            throw new CommandRejectedException("date-before-previous", nameof(c.ClosedOn), c.ClosedOn,
                $"The branch in {b.City} cannot close before {b.Since:yyyy-MM-dd}.");
        return [new BranchClosed(c.EnterpriseId, b.RegionId, b.City, c.ClosedOn)];
    }

    public static (object[] Enterprise, object[] Region) Decide(TransferTechnology c, Enterprise? state, Region? region)
    {
        Registered(state, c.EnterpriseId);
        Place(region, nameof(c.RegionId), c.RegionId);
        return ([new TechnologyTransferred(c.EnterpriseId, c.Technology.Trim(), c.FromLab.Trim(), c.ToPartner.Trim(), c.RegionId, c.TransferredOn)], []);
    }

    /// <summary>
    /// The region an enterprise is placed in: registered (a typo such as <c>guandong</c> would drop the branch out of every
    /// cluster), and not a national comparator series, which is a statistic to compare against, not a place (as it cannot
    /// join a cluster or take a target).
    /// </summary>
    private static void Place(Region? region, string field, string regionId)
    {
        var placed = RegionDecider.Registered(region, regionId, field);
        if (placed.Kind == RegionKind.Country)
            throw new CommandRejectedException("comparator-is-not-a-place", field, regionId,
                $"'{regionId}' is a national comparator series, not a place: an enterprise's headquarters, branches and transfers are in a province, municipality, autonomous region or SAR.");
    }

    private static Enterprise Registered(Enterprise? state, string enterpriseId) =>
        state ?? throw new CommandRejectedException("enterprise-not-registered", "EnterpriseId", enterpriseId,
            $"Enterprise '{enterpriseId}' is not registered.");
}
