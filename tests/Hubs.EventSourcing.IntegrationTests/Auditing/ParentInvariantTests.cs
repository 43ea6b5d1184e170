using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>Verify re-checks that no cluster counts a city beside the region it lies in, whatever the hashes say.</summary>
public sealed class ParentInvariantTests(ClassStore<ParentInvariantTests> fx) : IClassFixture<ClassStore<ParentInvariantTests>>
{
    [Fact]
    public async Task a_city_joined_beside_its_province_by_a_decision_on_a_false_state_is_reported()
    {
        var commands = fx.Hubs.Commands;
        await commands.SendAsync(new EstablishCluster("pc-a", "A", "City A", new DateOnly(2020, 1, 1)), Ctx.New());
        await commands.SendAsync(new RegisterRegion("pc-p", "P", RegionKind.Province), Ctx.New());
        await commands.SendAsync(new RegisterRegion("pc-c", "C", RegionKind.City), Ctx.New());
        await commands.SendAsync(new RecordRegionParent("pc-c", "pc-p"), Ctx.New());
        await commands.SendAsync(new JoinCluster("pc-a", "pc-p", new DateOnly(2021, 1, 1)), Ctx.New());
        await commands.SendAsync(new ExpandClusterScope("pc-a", new DateOnly(2021, 6, 1), "State Council"), Ctx.New());
        // The city's head forgets its parent: the join is decided on a false state and appended with correct hashes.
        await FalseHeads.LieAboutRegionAsync(fx.Hubs, commands, "pc-c", r => r with { ParentId = null });
        await commands.SendAsync(new JoinCluster("pc-a", "pc-c", new DateOnly(2022, 1, 1)), Ctx.New());
        await fx.Hubs.ExecuteAsync("delete from mt_doc_hubs_checkpoint");

        var report = await fx.Hubs.Audit().VerifyAsync();

        var found = report.Breaks.ShouldHaveSingleItem($"only the broken rule: {string.Join("; ", report.Breaks)}");
        (found.Kind, found.StreamKey).ShouldBe((BreakKind.InvariantViolation, "region:pc-c"));
        found.Detail.ShouldContain("cluster 'pc-a' counts city 'pc-c' beside 'pc-p'");
    }
}
