using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;

namespace Hubs.EventSourcing.IntegrationTests.Sealing;

/// <summary>A checkpoint is a fold of the stream up to it: one written after an unsealed or edited event must not hold it.</summary>
public sealed class CheckpointSealingTests
{
    [Fact]
    public async Task a_checkpoint_written_after_an_unsealed_and_an_edited_event_holds_neither_and_verifies()
    {
        await using var hubs = await HubsTestStore.CreateAsync(nameof(CheckpointSealingTests), o => o.CheckpointInterval = 5);
        var key = await hubs.SeedRegionAsync("cp");                                                            // v1–v3
        await using (var session = hubs.Store.LightweightSession())
        {
            session.Events.Append(key, new RdIntensityReported("cp", 2024, 9.9m, null, null, new DateOnly(2027, 3, 1), "forged")); // v4
            await session.SaveChangesAsync();
        }
        (await hubs.ExecuteAsync($"update mt_events set data = jsonb_set(data, '{{intensityPct}}', '7.77') where stream_id = '{key}' and version = 3"))
            .ShouldBe(1);

        await hubs.Commands.SendAsync(new ReportRdIntensity("cp", 2024, 2.61m, null, null, new DateOnly(2025, 9, 1), "NBS"), Ctx.New()); // v5: checkpoint

        var state = await hubs.ScalarAsync<string>($"select data->>'state' from mt_doc_hubs_checkpoint where data->>'streamKey' = '{key}'");
        state.ShouldNotContain("9.9", Case.Sensitive, "the checkpoint never folds the unsealed figure");
        state.ShouldNotContain("7.77", Case.Sensitive, "nor the edited one");
        (await hubs.Audit().StateAsync(key))!.CheckpointVersion.ShouldBe(5L);
        (await hubs.Queries.GetRegionAsync("cp"))!.Figures.ToDictionary(f => f.Key, f => f.Value.IntensityPct)
            .ShouldBe(new Dictionary<int, decimal> { [2019] = 2.41m, [2024] = 2.61m });
        (await hubs.Audit().VerifyAsync()).BreaksOf(key).Select(b => (b.Version, b.Kind))
            .ShouldBe([(3L, BreakKind.HashMismatch), (4L, BreakKind.UnsealedEvent)], "the checkpoint agrees with verify's fold");
    }
}
