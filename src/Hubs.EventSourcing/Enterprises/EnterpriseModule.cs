using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Enterprises;

/// <summary>The enterprise aggregate: <c>enterprise:{id}</c> streams, their events and stored names, and their commands.</summary>
internal static class EnterpriseModule
{
    public static readonly HubsModule<Enterprise> Module = new HubsModule<Enterprise>("enterprise")
        .Starts<EnterpriseRegistered>("enterprise_registered", e => Keys.Enterprise(e.EnterpriseId), Enterprise.Create)
        .Event<BranchPlanned>("branch_planned", e => Keys.Enterprise(e.EnterpriseId), (s, e) => s.Apply(e))
        .Event<BranchOpened>("branch_opened", e => Keys.Enterprise(e.EnterpriseId), (s, e) => s.Apply(e))
        .Event<BranchClosed>("branch_closed", e => Keys.Enterprise(e.EnterpriseId), (s, e) => s.Apply(e))
        .Event<TechnologyTransferred>("technology_transferred", e => Keys.Enterprise(e.EnterpriseId), (s, e) => s.Apply(e))
        // Commands that name a region read its stream as a second one (and write nothing there): the region must exist.
        .Command<RegisterEnterprise, Region>(c => Keys.Enterprise(c.EnterpriseId), c => Keys.Region(c.HeadquartersRegionId),
            EnterpriseDecider.Decide, new RegisterEnterpriseValidator())
        .Command<PlanBranch, Region>(c => Keys.Enterprise(c.EnterpriseId), c => Keys.Region(c.RegionId), EnterpriseDecider.Decide, new PlanBranchValidator())
        .Command<OpenBranch, Region>(c => Keys.Enterprise(c.EnterpriseId), c => Keys.Region(c.RegionId), EnterpriseDecider.Decide, new OpenBranchValidator())
        .Command<CloseBranch>(c => Keys.Enterprise(c.EnterpriseId), EnterpriseDecider.Decide, new CloseBranchValidator())
        .Command<TransferTechnology, Region>(c => Keys.Enterprise(c.EnterpriseId), c => Keys.Region(c.RegionId),
            EnterpriseDecider.Decide, new TransferTechnologyValidator())
        .Track<EnterpriseTrack>("tracking-enterprises", EnterpriseTrack.Fold);
}
