using System.Text;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;
using Marten;
using JasperFx;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>An application's own event, appended with plain Marten into the store the library shares.</summary>
public sealed record PatentsGranted(string RegionId, int Year, int Count);

/// <summary>
/// Living in a shared store: another application's events, on its own streams and even on the library's streams, never break
/// the library's reads or commands; verification lists the first as outside its chains and locates the second as a break.
/// </summary>
public sealed class SharedStoreTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));
    private HubsTestStore _hubs = null!;

    public async Task InitializeAsync()
    {
        _hubs = await HubsTestStore.CreateAsync(nameof(SharedStoreTests), o => o.TimeProvider = _clock);
        var c = _hubs.Commands;
        await c.SendAsync(new RegisterRegion("beijing", "Beijing", RegionKind.Municipality), Ctx.New());
        await c.SendAsync(new EstablishCluster("jjj", "Beijing–Tianjin–Hebei", "Beijing", new DateOnly(2016, 9, 11)), Ctx.New());
        await c.SendAsync(new JoinCluster("jjj", "beijing", new DateOnly(2016, 9, 11)), Ctx.New());
        await c.SendAsync(new ReportRdIntensity("beijing", 2023, 6.73m, null, null, new DateOnly(2024, 9, 30), "NBS"), Ctx.New());
        _clock.Advance(TimeSpan.FromDays(1));
    }

    public async Task DisposeAsync() => await _hubs.DisposeAsync();

    /// <summary>The user's application: its own Marten store on the same schema, knowing its own event type.</summary>
    private async Task AppendAsUserAsync(string streamKey, object e)
    {
        using var store = DocumentStore.For(o =>
        {
            o.Connection(_hubs.ConnectionString);
            o.DatabaseSchemaName = _hubs.Schema;
            o.AutoCreateSchemaObjects = AutoCreate.None;
            o.Events.StreamIdentity = StreamIdentity.AsString;
            o.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
            o.Events.MetadataConfig.CorrelationIdEnabled = true;
            o.Events.MetadataConfig.CausationIdEnabled = true;
            o.Events.MetadataConfig.HeadersEnabled = true;
            o.Events.MetadataConfig.UserNameEnabled = true;
            o.Events.MapEventType<PatentsGranted>("patents_granted_v1");
        });
        await using var session = store.LightweightSession();
        session.Events.Append(streamKey, e);
        await session.SaveChangesAsync();
    }

    [Fact]
    public async Task events_on_another_applications_streams_are_outside_the_chains_and_break_nothing()
    {
        await AppendAsUserAsync("patents:beijing", new PatentsGranted("beijing", 2024, 120_000));
        await AppendAsUserAsync("patents:beijing", new PatentsGranted("beijing", 2025, 130_000));

        var verify = await _hubs.Audit.VerifyAsync();
        verify.IsIntact.ShouldBeTrue(string.Join("; ", verify.Breaks.Select(b => b.Detail)));
        verify.StreamsOutsideChains.ShouldBe([new UnownedStream("patents:beijing", 2)]);
        verify.EventsChecked.ShouldBe(5);
        (await _hubs.Audit.VerifyAsync(verify.Digest)).IsIntact.ShouldBeTrue("the digest covers the library's chains only");

        await EveryReadWorksAsync();
        var export = await ExportAsync();
        export.ShouldNotContain("patents");
        await Should.ThrowAsync<ArgumentException>(() => _hubs.Audit.ExportAsync(new MemoryStream(), ExportFormat.JsonLines, "patents:beijing"));
    }

    [Fact]
    public async Task an_event_appended_to_a_library_stream_behind_its_back_is_skipped_by_reads_and_located_by_verify()
    {
        await AppendAsUserAsync("region:beijing", new PatentsGranted("beijing", 2024, 120_000));

        await EveryReadWorksAsync();
        var region = await _hubs.Queries.GetRegionAsync("beijing");
        region!.Figures.Keys.ShouldBe([2023]);
        var history = await _hubs.Audit.HistoryAsync("region:beijing").ToListAsync();
        history.Select(e => e.EventType).ToList().ShouldContain("patents_granted_v1", "history shows the stream as stored");
        (await ExportAsync()).ShouldContain("patents_granted_v1", Case.Sensitive, "the export shows what verify judges, so an external check finds the same break");

        // Commands on the stream go on, and their chain links on from what is stored.
        var next = await _hubs.Commands.SendAsync(new ReportRdIntensity("beijing", 2024, 6.58m, null, null, new DateOnly(2025, 9, 30), "NBS"), Ctx.New());
        next.Streams.ShouldBe([new StreamVersion("region:beijing", 6)]);

        var verify = await _hubs.Audit.VerifyAsync();
        verify.Breaks.Count.ShouldBe(1);
        verify.Breaks[0].ShouldSatisfyAllConditions(
            b => b.StreamKey.ShouldBe("region:beijing"),
            b => b.Version.ShouldBe(4),
            b => b.Kind.ShouldBe(BreakKind.UnsealedEvent),
            b => b.Detail.ShouldContain("'patents_granted_v1'"));
    }

    private async Task EveryReadWorksAsync()
    {
        (await _hubs.Queries.GetRegionAsync("beijing")).ShouldNotBeNull();
        (await _hubs.Queries.GetClusterAsync("jjj"))!.Members.ShouldBe(["beijing"]);
        (await _hubs.Queries.ListRegionsAsync()).Select(r => r.Id).ShouldBe(["beijing"]);
        (await _hubs.Queries.ListClustersAsync()).Select(c => c.Id).ShouldBe(["jjj"]);
        (await _hubs.Audit.StateAsync("region:beijing", StatePoint.AtVersion(2))).ShouldNotBeNull();
        (await _hubs.Audit.StateAsync("region:beijing", fullReplay: true)).ShouldNotBeNull();

        await _hubs.Tracking.CatchUpAsync(TimeSpan.FromSeconds(30));
        var live = await _hubs.Tracking.GetReportAsync();
        live.Regions.Select(r => r.Id).ShouldBe(["beijing"]);
        var asOf = await _hubs.Tracking.GetReportAsync(_clock.GetUtcNow(), null);
        asOf.Regions.Single().RdIntensity.Select(y => y.Year).ShouldBe([2023]);
        (await _hubs.Tracking.GetReportAsync(null, new DateOnly(2025, 1, 1))).Clusters.Single().Members.ShouldBe(["beijing"]);
        (await _hubs.Tracking.DiffAsync(new ReportPoint(KnownAt: new DateOnly(2024, 1, 1)), new ReportPoint(KnownAt: new DateOnly(2025, 1, 1))))
            .ShouldNotBeNull();

        (await _hubs.Commands.SendAsync(new SetRegionTarget("beijing", 7m, 2035), Ctx.New())).Outcome.ShouldNotBe(CommandOutcome.NoChange);
    }

    private async Task<string> ExportAsync()
    {
        using var output = new MemoryStream();
        await _hubs.Audit.ExportAsync(output, ExportFormat.JsonLines);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
