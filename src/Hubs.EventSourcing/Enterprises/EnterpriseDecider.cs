namespace Hubs.EventSourcing.Enterprises;

/// <summary>The enterprise's state rules.</summary>
internal static class EnterpriseDecider
{
    public static Enterprise? Evolve(Enterprise? state, object e) => e switch
    {
        EnterpriseRegistered r => Enterprise.Create(r),
        BranchPlanned r => Require(state).Apply(r),
        BranchOpened r => Require(state).Apply(r),
        BranchClosed r => Require(state).Apply(r),
        TechnologyTransferred r => Require(state).Apply(r),
        _ => state,
    };

    public static object[] Decide(RegisterEnterprise c, Enterprise? state)
    {
        if (state is not null)
            throw new CommandRejectedException("enterprise-already-registered", nameof(c.EnterpriseId), c.EnterpriseId,
                $"Enterprise '{c.EnterpriseId}' is already registered as '{state.Name}'.");
        return [new EnterpriseRegistered(c.EnterpriseId, c.Name.Trim(), c.HeadquartersCity.Trim(), c.HeadquartersRegionId)];
    }

    public static object[] Decide(PlanBranch c, Enterprise? state)
    {
        var enterprise = Registered(state, c.EnterpriseId);
        if (enterprise.Branches.TryGetValue(Enterprise.CityKey(c.City), out var b) && b.Status != BranchStatus.Closed)
            throw new CommandRejectedException("branch-already-exists", nameof(c.City), c.City,
                $"{enterprise.Name} already has a {b.Status.ToString().ToLowerInvariant()} branch in {b.City}.");
        return [new BranchPlanned(c.EnterpriseId, c.RegionId, c.City.Trim(), c.PlannedOn)];
    }

    public static object[] Decide(OpenBranch c, Enterprise? state)
    {
        var enterprise = Registered(state, c.EnterpriseId);
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
        return [new BranchOpened(c.EnterpriseId, c.RegionId, c.City.Trim(), c.OpenedOn)];
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

    public static object[] Decide(TransferTechnology c, Enterprise? state)
    {
        Registered(state, c.EnterpriseId);
        return [new TechnologyTransferred(c.EnterpriseId, c.Technology.Trim(), c.FromLab.Trim(), c.ToPartner.Trim(), c.RegionId, c.TransferredOn)];
    }

    private static Enterprise Registered(Enterprise? state, string enterpriseId) =>
        state ?? throw new CommandRejectedException("enterprise-not-registered", "EnterpriseId", enterpriseId,
            $"Enterprise '{enterpriseId}' is not registered.");

    private static Enterprise Require(Enterprise? state) =>
        state ?? throw new InvalidOperationException("An enterprise stream must start with enterprise_registered.");
}
