using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>Verify re-checks the domain's cross-stream rules over the stored history, whatever the hashes say.</summary>
public sealed class InvariantTests(ClassStore<InvariantTests> fx) : IClassFixture<ClassStore<InvariantTests>>
{
    private HubsAudit Audit => fx.Hubs.Audit();

    [Fact]
    public async Task a_region_put_in_a_second_cluster_by_a_decision_on_a_false_state_is_reported_even_with_every_hash_valid()
    {
        var commands = fx.Hubs.Commands;
        await commands.SendAsync(new EstablishCluster("inv-a", "A", "City A", new DateOnly(2020, 1, 1)), Ctx.New());
        await commands.SendAsync(new EstablishCluster("inv-b", "B", "City B", new DateOnly(2020, 1, 1)), Ctx.New());
        await commands.SendAsync(new RegisterRegion("inv-r", "R", RegionKind.Province), Ctx.New());
        await commands.SendAsync(new JoinCluster("inv-a", "inv-r", new DateOnly(2021, 1, 1)), Ctx.New());
        // A writer whose view of the region is false (what an edited checkpoint did before checkpoints were sealed): the
        // write's version check passes, the hashes are computed correctly, and the chain alone cannot tell.
        await FalseHeads.LieAboutRegionAsync(fx.Hubs, commands, "inv-r", r => r with { ClusterId = null });
        await commands.SendAsync(new JoinCluster("inv-b", "inv-r", new DateOnly(2022, 1, 1)), Ctx.New());
        await fx.Hubs.ExecuteAsync("delete from mt_doc_hubs_checkpoint");

        var report = await Audit.VerifyAsync();

        var found = report.Breaks.ShouldHaveSingleItem($"only the broken rule: {string.Join("; ", report.Breaks)}");
        found.Kind.ShouldBe(BreakKind.InvariantViolation);
        (found.StreamKey, found.Version).ShouldBe(("region:inv-r", 3L));
        found.Detail.ShouldContain("member of 2 clusters at once (inv-a, inv-b)");
    }

    [Fact]
    public async Task the_seed_story_and_a_move_between_clusters_in_one_batch_hold_every_rule()
    {
        await Tracking.SeedStory.LoadAsync(fx.Hubs.Commands);
        await fx.Hubs.Commands.SendBatchAsync([
            new EstablishCluster("mv-a", "A", "City A", new DateOnly(2020, 1, 1)), new EstablishCluster("mv-b", "B", "City B", new DateOnly(2020, 1, 1)),
            new RegisterRegion("mv-r", "R", RegionKind.Province), new JoinCluster("mv-a", "mv-r", new DateOnly(2021, 1, 1)),
            new LeaveCluster("mv-a", "mv-r", new DateOnly(2022, 1, 1)), new JoinCluster("mv-b", "mv-r", new DateOnly(2022, 1, 1)),
        ], Ctx.New());

        (await Audit.VerifyAsync()).Breaks.Where(b => b.Kind == BreakKind.InvariantViolation).ShouldBeEmpty();
    }
}
