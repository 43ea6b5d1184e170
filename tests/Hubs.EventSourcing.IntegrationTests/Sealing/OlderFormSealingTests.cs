using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests.Sealing;

/// <summary>
/// An event stored in an older form that its upcast reads is refused like any other when its hash no longer matches: left
/// out and reported, never mistaken for a version the release cannot read (which stops every fold).
/// </summary>
public sealed class OlderFormSealingTests
{
    [Fact]
    public async Task an_edited_event_in_an_older_stored_form_is_left_out_not_a_fold_stopping_error()
    {
        await using var hubs = await HubsTestStore.CreateAsync(nameof(OlderFormSealingTests));
        var key = await hubs.SeedRegionAsync("old");                                                           // v1–v3
        await hubs.Commands.SendAsync(new SetRegionTarget("old", 3m, 2035), Ctx.New());                       // v4
        // v4 turned into 0.1.0's stored form (region_target_set, "RdIntensity") without recomputing its hash.
        (await hubs.ExecuteAsync($"""
            update mt_events set type = 'region_target_set', data = jsonb_set(data, '{"{metric}"}', '"RdIntensity"')
            where stream_id = '{key}' and version = 4
            """)).ShouldBe(1);

        var state = await hubs.Audit().StateAsync(key, fullReplay: true);

        state.ShouldNotBeNull();
        state.SkippedEvents.Select(b => (b.Version, b.Kind)).ShouldBe([(4L, BreakKind.HashMismatch)]);
        ((Region)state.State).Target.ShouldBeNull("the edited target is not folded");
        (await hubs.Audit().VerifyAsync()).BreaksOf(key).Select(b => (b.Version, b.Kind)).ShouldContain((4L, BreakKind.HashMismatch));
    }
}
