using Hubs.EventSourcing.Publications;

namespace Hubs.EventSourcing.Regions;

/// <summary>The region aggregate: <c>region:{id}</c> streams, their events and stored names, and their commands.</summary>
internal static class RegionModule
{
    // State shape 2: Region.MembershipChangedOn, which membership dates are checked against; a shape-1 checkpoint lacks it.
    // State shape 3: Region.ParentId and Children, which joins are checked against; a shape-2 checkpoint lacks them.
    // State shape 4: Region.Publications (which publications a year already has) and RdFigure's quality; a shape-3 checkpoint lacks them.
    public static readonly HubsModule<Region> Module = new HubsModule<Region>("region", stateVersion: 4)
        .Starts<RegionRegistered>("region_registered_v2", e => Keys.Region(e.RegionId), Region.Create)
        .Event<RdIntensityReported>("rd_intensity_reported", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RdIntensityRevised>("rd_intensity_revised", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RdFigurePublished>("rd_figure_published", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RdFigureCorrected>("rd_figure_corrected", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RegionTargetSet>("region_target_set_v2", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RegionAssignedToCluster>("region_assigned_to_cluster", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RegionReleasedFromCluster>("region_released_from_cluster", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RegionParentRecorded>("region_parent_recorded", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Event<RegionChildRecorded>("region_child_recorded", e => Keys.Region(e.RegionId), (s, e) => s.Apply(e))
        .Upcast<RegionRegisteredV1, RegionRegistered>("region_registered", v1 => v1.Upcast())
        .Upcast<RegionTargetSetV1, RegionTargetSet>("region_target_set", v1 => v1.Upcast())
        .Command<RegisterRegion>(c => Keys.Region(c.RegionId), RegionDecider.Decide, new RegisterRegionValidator())
        .Command<ReportRdIntensity>(c => Keys.Region(c.RegionId), RegionDecider.Decide, new ReportRdIntensityValidator())
        .Command<ReviseRdIntensity>(c => Keys.Region(c.RegionId), RegionDecider.Decide, new ReviseRdIntensityValidator())
        .Command<RecordRegionParent, Region>(c => Keys.Region(c.RegionId), c => Keys.Region(c.ParentRegionId), RegionDecider.Decide,
            new RecordRegionParentValidator())
        .Command<RecordRdPublication>(c => Keys.Region(c.RegionId), RegionDecider.Decide, new RecordRdPublicationValidator())
        .Command<CorrectRdFigure>(c => Keys.Region(c.RegionId), RegionDecider.Decide, new CorrectRdFigureValidator())
        .Command<SetRegionTarget>(c => Keys.Region(c.RegionId), RegionDecider.Decide, new SetRegionTargetValidator())
        .PublishedOn<RdIntensityReported>(e => e.PublishedOn)
        .PublishedOn<RdIntensityRevised>(e => e.PublishedOn)
        .PublishedOn<RdFigurePublished>(e => PublicationDate.Parse(e.PublicationDate).KnownBy)
        .PublishedOn<RdFigureCorrected>(e => PublicationDate.Parse(e.Corrects).KnownBy)
        .Track<RegionTrack>("tracking-regions", RegionTrack.Fold);
}
