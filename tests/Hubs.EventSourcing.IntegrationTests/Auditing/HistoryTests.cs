using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

public sealed class HistoryTests(ClassStore<HistoryTests> fx) : IClassFixture<ClassStore<HistoryTests>>
{
    [Fact]
    public async Task history_lists_every_event_in_order_with_its_attribution_payload_and_hash()
    {
        var ctx = new CommandContext("analyst:wang", "benchmark revision", "NBS bulletin 2021", Guid.NewGuid(), "import-7") { CausationId = "ticket-42" };
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("hist-a", "Anhui", RegionKind.Province), Ctx.New());
        fx.Clock.Advance(TimeSpan.FromDays(1));
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("hist-a", 2020, 2.28m, 883.2m, "CNY 100m", new DateOnly(2021, 9, 22), "NBS"), ctx);

        var history = await fx.Hubs.Audit().HistoryAsync("region:hist-a").ListAsync();

        history.Select(e => (e.Version, e.EventType)).ShouldBe([(1L, "region_registered_v2"), (2L, "rd_intensity_reported")]);
        var reported = history[1];
        reported.ShouldSatisfyAllConditions(
            () => reported.Actor.ShouldBe("analyst:wang"),
            () => reported.Reason.ShouldBe("benchmark revision"),
            () => reported.Source.ShouldBe("NBS bulletin 2021"),
            () => reported.CommandId.ShouldBe(ctx.CommandId.ToString("D")),
            () => reported.CorrelationId.ShouldBe("import-7"),
            () => reported.CausationId.ShouldBe("ticket-42"),
            () => reported.RecordedAt.ShouldBe(history[0].RecordedAt.AddDays(1), "the library's clock, not the database's, dates the event"),
            () => reported.Sequence.ShouldBeGreaterThan(history[0].Sequence));
        reported.Payload.ShouldBe(await fx.Hubs.ScalarAsync<string>("select data::text from mt_events where stream_id = 'region:hist-a' and version = 2"));
        reported.Hash.ShouldBe(reported.ComputeHash(history[0].Hash), "the stored hash chains to the previous event");
    }

    [Fact]
    public async Task the_history_of_a_stream_that_does_not_exist_is_empty() =>
        (await fx.Hubs.Audit().HistoryAsync("region:never-registered").ListAsync()).ShouldBeEmpty();

    [Fact]
    public async Task tombstone_rows_left_by_failed_appends_are_not_history()
    {
        var key = await fx.Hubs.SeedRegionAsync("hist-tomb");
        // What Marten writes for a failed append: a row of stream mt_tombstone dated -infinity.
        await fx.Hubs.ExecuteAsync("""
            insert into mt_streams (id, version, tenant_id) values ('mt_tombstone', 1, '*DEFAULT*') on conflict do nothing;
            insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, is_archived)
            values (nextval('mt_events_sequence'), gen_random_uuid(), 'mt_tombstone', 1, '{}', 'tombstone', '-infinity', '*DEFAULT*', false);
            """);

        var all = await fx.Hubs.Audit().Reader.ReadAsync(new EventQuery()).ListAsync();

        all.ShouldNotContain(e => e.StreamKey == "mt_tombstone");
        all.Count(e => e.StreamKey == key).ShouldBe(3);
        (await fx.Hubs.Audit().VerifyAsync()).BreaksOf("mt_tombstone").ShouldBeEmpty();
    }

    [Fact]
    public async Task the_reader_filters_by_stream_and_by_recorded_at_or_before_an_instant_in_sequence_order()
    {
        var t0 = fx.Clock.GetUtcNow();
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("hist-b", "B", RegionKind.Province), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("hist-c", "C", RegionKind.Province), Ctx.New());
        fx.Clock.Advance(TimeSpan.FromHours(1));
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("hist-b", 2021, 2.5m, null, null, new DateOnly(2022, 9, 1), "NBS"), Ctx.New());

        var known = await fx.Hubs.Audit().Reader.ReadAsync(new EventQuery(RecordedAtOrBefore: t0)).ListAsync();
        var onlyB = await fx.Hubs.Audit().Reader.ReadAsync(new EventQuery(StreamKey: "region:hist-b")).ListAsync();

        known.ShouldContain(e => e.StreamKey == "region:hist-b" && e.Version == 1);
        known.ShouldContain(e => e.StreamKey == "region:hist-c");
        known.ShouldNotContain(e => e.RecordedAt > t0);
        known.Select(e => e.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        onlyB.Select(e => e.Version).ShouldBe([1L, 2L]);
    }
}
