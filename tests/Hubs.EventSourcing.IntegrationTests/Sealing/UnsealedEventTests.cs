using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Marten;

namespace Hubs.EventSourcing.IntegrationTests.Sealing;

/// <summary>A seeded region with a figure appended behind the library's back, and what every read of the library must make of it.</summary>
public abstract class SealingKit<TTest>(ClassStore<TTest> fx)
{
    protected ClassStore<TTest> Fx => fx;

    protected HubsAudit Audit => fx.Hubs.Audit();

    /// <summary>Appends a forged 2024 figure to a seeded region with plain Marten, then gives its headers column the shape.</summary>
    protected async Task<string> ForgeAsync(string id, string headers)
    {
        var key = await fx.Hubs.SeedRegionAsync(id);
        await using (var session = fx.Hubs.Store.LightweightSession())
        {
            // Published after the real figure sent below: any read that folded it would show 9.9 for 2024.
            session.Events.Append(key, new RdIntensityReported(id, 2024, 9.9m, null, null, new DateOnly(2027, 3, 1), "forged"));
            await session.SaveChangesAsync();
        }
        if (headers != "as Marten wrote it")
            (await fx.Hubs.ExecuteAsync($"update mt_events set headers = {headers} where stream_id = '{key}' and version = 4")).ShouldBe(1);
        fx.Clock.Advance(TimeSpan.FromMinutes(1));
        return key;
    }

    protected async Task LocatedAndUnusedByTheLibrarysReadsAsync(string id, string key)
    {

        var report = await Audit.VerifyAsync();
        report.BreaksOf(key).Where(b => b.Kind != BreakKind.MetadataMismatch).Select(b => (b.Version, b.Kind))
            .ShouldBe([(4L, BreakKind.UnsealedEvent)], "verify locates the forged event");

        (await fx.Hubs.Queries.GetRegionAsync(id))!.Figures.Keys.ShouldBe([2019, 2020], "the state never folds the unsealed figure");
        var state = await Audit.StateAsync(key, fullReplay: true);
        ((Region)state!.State).Figures.Keys.ShouldBe([2019, 2020], "time travel never folds it");
        state.SkippedEvents.Select(b => (b.StreamKey, b.Version, b.Kind)).ShouldBe([(key, 4L, BreakKind.UnsealedEvent)]);
        var asOf = await fx.Hubs.Tracking.GetReportAsync(fx.Clock.GetUtcNow(), null);
        asOf.Regions.Single(r => r.Id == id).RdIntensity.Select(y => y.Year).ShouldBe([2019, 2020], "the as-of replay never folds it");
        asOf.SkippedEvents.ShouldContain(b => b.StreamKey == key && b.Version == 4 && b.Kind == BreakKind.UnsealedEvent);

        // The decision is taken on the sealed history: the real 2024 figure is accepted, and chains on after the forged event.
        var sent = await fx.Hubs.Commands.SendAsync(
            new ReportRdIntensity(id, 2024, 2.61m, null, null, new DateOnly(2025, 9, 1), "NBS"), Ctx.New());
        sent.Streams.ShouldBe([new StreamVersion(key, 5)]);
        (await fx.Hubs.Queries.GetRegionAsync(id))!.Figures[2024].IntensityPct.ShouldBe(2.61m);

        var rebuilt = await fx.Hubs.Tracking.RebuildAsync();
        rebuilt.HashesChecked.ShouldBeTrue();
        rebuilt.SkippedEvents.ShouldContain(b => b.StreamKey == key && b.Version == 4 && b.Kind == BreakKind.UnsealedEvent);
        Figure2024(await fx.Hubs.Tracking.GetReportAsync(), id).ShouldBe(2.61m, "the one-pass rebuild skipped it");
    }

    protected static decimal? Figure2024(TrackingReport report, string id) =>
        report.Regions.Single(r => r.Id == id).RdIntensity.SingleOrDefault(y => y.Year == 2024)?.Value;
}

/// <summary>
/// An event of the library's own type appended to its stream without it (a plain Marten session, no hash) is what tampering
/// looks like: verify locates it, whatever shape its headers column has, and no fold or decision ever uses it.
/// </summary>
public sealed class UnsealedEventTests(ClassStore<UnsealedEventTests> fx)
    : SealingKit<UnsealedEventTests>(fx), IClassFixture<ClassStore<UnsealedEventTests>>
{
    [Theory]
    [InlineData("marten", "as Marten wrote it")]
    [InlineData("sql-null", "null")]
    [InlineData("jsonb-null", "'null'::jsonb")]
    [InlineData("empty", "'{}'::jsonb")]
    [InlineData("other-keys", "'{\"reason\": \"trust me\"}'::jsonb")]
    public async Task a_plain_marten_append_of_a_library_event_is_located_by_verify_and_used_by_no_fold(string shape, string headers)
    {
        var id = "unsealed-" + shape;
        var key = await ForgeAsync(id, headers);
        await LocatedAndUnusedByTheLibrarysReadsAsync(id, key);

        await Fx.Hubs.Tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
        Figure2024(await Fx.Hubs.Tracking.GetReportAsync(), id).ShouldBe(2.61m, "the live projection skipped the unsealed event");
        (await Fx.Hubs.Tracking.RebuildAsync(RebuildMethod.MartenDaemon)).HashesChecked.ShouldBeFalse();
        Figure2024(await Fx.Hubs.Tracking.GetReportAsync(), id).ShouldBe(2.61m, "Marten's rebuild skipped it");
    }

    [Fact]
    public async Task a_payload_edited_after_it_was_sealed_is_used_by_no_rebuild_replay_or_read_and_each_says_so()
    {
        const string id = "edited";
        var key = await Fx.Hubs.SeedRegionAsync(id);
        var before = Fx.Clock.GetUtcNow();
        Fx.Clock.Advance(TimeSpan.FromMinutes(1));
        await Fx.Hubs.Commands.SendAsync(new ReportRdIntensity(id, 2024, 3.6m, null, null, new DateOnly(2025, 9, 1), "NBS"), Ctx.New());
        (await Fx.Hubs.ExecuteAsync(
            $"update mt_events set data = jsonb_set(data, '{{intensityPct}}', '3.9') where stream_id = '{key}' and version = 4")).ShouldBe(1);

        (await Audit.VerifyAsync()).BreaksOf(key).Select(b => (b.Version, b.Kind)).ShouldBe([(4L, BreakKind.HashMismatch)]);
        var rebuilt = await Fx.Hubs.Tracking.RebuildAsync();
        rebuilt.SkippedEvents.Where(b => b.StreamKey == key).Select(b => (b.Version, b.Kind)).ShouldBe([(4L, BreakKind.HashMismatch)],
            "the rebuild says which event it left out");
        (await Fx.Hubs.Tracking.GetReportAsync()).Regions.Single(r => r.Id == id).RdIntensity.Select(y => y.Year)
            .ShouldBe([2019, 2020], "the rebuilt read model never shows the edited 3.9");

        var asOf = await Fx.Hubs.Tracking.GetReportAsync(Fx.Clock.GetUtcNow(), null);
        asOf.Regions.Single(r => r.Id == id).RdIntensity.Select(y => y.Year).ShouldBe([2019, 2020]);
        asOf.SkippedEvents.ShouldContain(b => b.StreamKey == key && b.Version == 4 && b.Kind == BreakKind.HashMismatch);
        var knownAt = await Fx.Hubs.Tracking.GetReportAsync(null, new DateOnly(2030, 1, 1));
        knownAt.Regions.Single(r => r.Id == id).RdIntensity.Select(y => y.Year).ShouldBe([2019, 2020]);
        knownAt.SkippedEvents.ShouldContain(b => b.StreamKey == key && b.Version == 4);
        var diff = await Fx.Hubs.Tracking.DiffAsync(new ReportPoint(AsOf: before), new ReportPoint(AsOf: Fx.Clock.GetUtcNow()));
        diff.Changes.ShouldNotContain(c => c.Subject == key, "the diff shows no change made of the edited event");
        diff.SkippedEvents.ShouldContain(b => b.StreamKey == key && b.Version == 4 && b.Kind == BreakKind.HashMismatch);

        (await Fx.Hubs.Queries.GetRegionAsync(id))!.Figures.Keys.ShouldBe([2019, 2020], "state never folds the edited event");
        (await Audit.StateAsync(key))!.SkippedEvents.Select(b => (b.Version, b.Kind)).ShouldBe([(4L, BreakKind.HashMismatch)]);
    }
}

/// <summary>
/// Headers that are not a JSON object stop Marten's own event loading (its daemon cannot deserialise them), so this store
/// never runs the daemon: the library's own readers — verify, state, decisions, replays, the one-pass rebuild — still
/// locate the event and never fold it, and verify says why Marten's daemon stalls.
/// </summary>
public sealed class UnreadableHeadersTests(ClassStore<UnreadableHeadersTests> fx)
    : SealingKit<UnreadableHeadersTests>(fx), IClassFixture<ClassStore<UnreadableHeadersTests>>
{
    [Theory]
    [InlineData("scalar", "'5'::jsonb")]
    [InlineData("array", "'[\"hash\", 1]'::jsonb")]
    [InlineData("string", "'\"hash\"'::jsonb")]
    public async Task headers_marten_itself_cannot_read_are_located_and_used_by_no_fold_of_the_library(string shape, string headers)
    {
        var id = "unreadable-" + shape;
        var key = await ForgeAsync(id, headers);
        (await Audit.VerifyAsync()).BreaksOf(key).ShouldContain(b => b.Version == 4 && b.Kind == BreakKind.MetadataMismatch
            && b.Detail.Contains("not a JSON object"), "verify says why Marten's daemon cannot load the event");
        await LocatedAndUnusedByTheLibrarysReadsAsync(id, key);
    }

    [Theory]
    [InlineData("region:odd-rows", "tenant_id = 'acme', is_archived = true, user_name = null, correlation_id = null, headers = '[]'::jsonb, data = '\"text\"'::jsonb")]
    [InlineData("region:odd-rows", "mt_dotnet_type = null, causation_id = null, headers = '{\"hash\": 5}'::jsonb, data = 'null'::jsonb")]
    [InlineData("cluster:odd-rows", "type = 'region_joined_cluster', headers = '{\"hash\": \"forged\"}'::jsonb, data = '5'::jsonb")]
    [InlineData("cluster:odd-rows", "type = 'no_such_event', headers = 'true'::jsonb, data = '[1, 2]'::jsonb, tenant_id = 'acme'")]
    [InlineData("bank:odd-rows", "type = 'region_joined_cluster', headers = 'null'::jsonb, data = '5'::jsonb, is_archived = true")]
    public async Task verify_reports_rows_of_any_shape_and_never_throws(string key, string columns)
    {
        await using (var session = Fx.Hubs.Store.LightweightSession())
        {
            session.Events.Append(key, new WatchlistItemAdded("odd", 2024, 1));
            await session.SaveChangesAsync();
        }
        await Fx.Hubs.ExecuteAsync($"update mt_events set {columns} where stream_id = '{key}' and version = (select max(version) from mt_events where stream_id = '{key}')");

        var report = await Audit.VerifyAsync();

        if (key.StartsWith("bank:", StringComparison.Ordinal)) report.StreamsOutsideChains.ShouldContain(s => s.StreamKey == key);
        else report.Breaks.ShouldContain(b => b.StreamKey == key, "an odd row on a library stream is located");
    }
}
