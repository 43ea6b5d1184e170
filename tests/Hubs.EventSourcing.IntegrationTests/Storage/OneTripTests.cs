using System.Security.Cryptography;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests.Storage;

/// <summary>
/// Two stores fed the same commands at the same instants: one through the ordinary path only (look-up, Marten's session),
/// one with single commands on cached heads written in one round trip; and a store with a signing key.
/// </summary>
public sealed class OneTripStores : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);
    public FakeClock OrdinaryClock { get; } = new(Start);
    public FakeClock OneTripClock { get; } = new(Start);
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public HubsTestStore Ordinary { get; private set; } = null!;
    public HubsTestStore OneTrip { get; private set; } = null!;
    public HubsTestStore Signed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ordinary = await HubsTestStore.CreateAsync("OneTripTests.Ordinary", o => (o.TimeProvider, o.CheckpointInterval) = (OrdinaryClock, 3));
        OneTrip = await HubsTestStore.CreateAsync("OneTripTests.OneTrip", o => (o.TimeProvider, o.CheckpointInterval) = (OneTripClock, 3));
        Signed = await HubsTestStore.CreateAsync("OneTripTests.Signed", o => o.SigningKey = Key);
        Ordinary.Commands.WritesInOneTrip = false;
    }

    public async Task DisposeAsync()
    {
        await Ordinary.DisposeAsync();
        await OneTrip.DisposeAsync();
        await Signed.DisposeAsync();
        Key.Dispose();
    }
}

/// <summary>
/// The one-round-trip path of a single command keeps every guarantee of the ordinary one: the same rows, idempotency
/// (a re-send adds nothing, a reused id is refused), a lost race re-decided on a correct chain, and signed ranges.
/// </summary>
public sealed class OneTripTests(OneTripStores fx) : IClassFixture<OneTripStores>
{
    private static ReportRdIntensity Report(string regionId, int year, decimal pct = 2.1m) =>
        new(regionId, year, pct, null, null, new DateOnly(year + 1, 9, 1), "NBS");

    [Fact]
    public async Task single_commands_on_cached_heads_write_the_same_rows_as_marten_s_append()
    {
        var opened = new DateOnly(2024, 3, 1);
        IHubsCommand[] script =
        [
            new RegisterRegion("same-a", "Same A", RegionKind.Province), new RegisterRegion("same-b", "Same B", RegionKind.Municipality),
            new EstablishCluster("same-c", "Same Hub", "Shenzhen", opened),
            Report("same-a", 2000, 1.0m), Report("same-a", 2001, 1.1m), Report("same-a", 2002, 1.2m), Report("same-a", 2003, 1.3m),
            Report("same-a", 2004, 1.4m), Report("same-a", 2005, 1.5m),
            new JoinCluster("same-c", "same-a", opened.AddDays(1)),
            Report("same-b", 2001, 3.60m),
            new ReviseRdIntensity("same-a", 2001, 1.15m, 12.5m, "CNY 100m", new DateOnly(2003, 9, 1), "NBS", "census revision \"2003\""),
            new RegisterRegion("same-d", "Same D", RegionKind.Province),
        ];
        var ids = script.Select(_ => Guid.NewGuid()).ToArray();
        var oneTrips = fx.OneTrip.Commands.OneTripWrites;
        foreach (var (store, clock) in new[] { (fx.Ordinary, fx.OrdinaryClock), (fx.OneTrip, fx.OneTripClock) })
        {
            // A dry run caches the empty head of a stream not yet written: its creation then takes the one-trip path too.
            await store.Commands.CheckBatchAsync([script[^1]]);
            for (var i = 0; i < script.Length; i++)
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                var context = new CommandContext("analyst:li", $"step {i}", "NBS yearbook", ids[i], $"corr-{i}") { CausationId = i % 2 == 0 ? null : $"cause-{i}" };
                (await store.Commands.SendAsync(script[i], context)).Outcome.ShouldBe(CommandOutcome.Appended, $"step {i} appends");
            }
        }

        fx.Ordinary.Commands.OneTripWrites.ShouldBe(0L, "the ordinary store never takes the one-trip path");
        (fx.OneTrip.Commands.OneTripWrites - oneTrips).ShouldBe(10L, "every command after the three first touches takes the one-trip path");
        // Every column of every row of these streams (the store is shared with the other tests), but what differs between any two appends: sequence numbers and event ids, the document
        // versions (fresh guids) and the server's clock (stream timestamps, last-modified).
        foreach (var query in new[]
                 {
                     "select to_jsonb(e) - 'seq_id' - 'id' from mt_events e where stream_id like '%:same-%'",
                     "select to_jsonb(s) - 'timestamp' - 'created' from mt_streams s where id like '%:same-%'",
                     "select to_jsonb(d) - 'mt_version' - 'mt_last_modified' from mt_doc_processedcommand d where data::text like '%:same-%'",
                     "select to_jsonb(d) - 'mt_version' - 'mt_last_modified' from mt_doc_hubs_checkpoint d where id like '%:same-%'",
                 })
        {
            var expected = await RowsAsync(fx.Ordinary, query);
            expected.ShouldNotBeEmpty(query);
            (await RowsAsync(fx.OneTrip, query)).ShouldBe(expected, $"the one-trip path writes the rows Marten's append writes ({query})");
        }
        (await fx.OneTrip.Audit.VerifyAsync()).Breaks.ShouldBeEmpty("the chain written in one trip verifies");
    }

    [Fact]
    public async Task a_re_send_on_cached_heads_is_already_applied_and_adds_no_row_to_any_table()
    {
        var commands = fx.OneTrip.Commands;
        await commands.SendAsync(new RegisterRegion("resend-r", "Resend R", RegionKind.Province), Ctx.New());
        await commands.SendAsync(new RegisterEnterprise("resend-e", "Resend E", "Chengdu", "resend-r"), Ctx.New());
        // A technology transfer decides to a new event every time: only the processed-command row can stop the second one.
        var transfer = new TransferTechnology("resend-e", "Gov AI", "Chengdu lab", "Beijing partner", "resend-r", new DateOnly(2025, 6, 1));
        var ctx = Ctx.New();
        (await commands.SendAsync(transfer, ctx)).Outcome.ShouldBe(CommandOutcome.Appended);
        var before = await TableRows.CountAsync(fx.OneTrip);
        var oneTrips = commands.OneTripWrites;

        (await commands.SendAsync(transfer, ctx)).Outcome.ShouldBe(CommandOutcome.AlreadyApplied);

        (await TableRows.CountAsync(fx.OneTrip)).ShouldBe(before, "a re-send writes nothing, not even a sequence number");
        commands.OneTripWrites.ShouldBe(oneTrips, "the re-send was stopped by the processed-command row");
    }

    [Fact]
    public async Task an_id_reused_for_another_command_on_cached_heads_is_refused_and_writes_nothing()
    {
        var commands = fx.OneTrip.Commands;
        await commands.SendAsync(new RegisterRegion("reuse-r", "Reuse R", RegionKind.Province), Ctx.New());
        var ctx = Ctx.New();
        await commands.SendAsync(Report("reuse-r", 2020), ctx);
        var before = await TableRows.CountAsync(fx.OneTrip);

        var refused = await Should.ThrowAsync<CommandRejectedException>(() => commands.SendAsync(Report("reuse-r", 2021), ctx));

        refused.Code.ShouldBe("command-id-reused");
        (await TableRows.CountAsync(fx.OneTrip)).ShouldBe(before, "the refused command wrote nothing");
        (await fx.OneTrip.Queries.GetRegionAsync("reuse-r"))!.Figures.Keys.ShouldBe([2020]);
    }

    [Fact]
    public async Task a_race_lost_on_cached_heads_is_decided_again_on_the_stored_heads_and_the_chain_stays_whole()
    {
        var commands = fx.OneTrip.Commands;
        await commands.SendAsync(new RegisterRegion("race-r", "Race R", RegionKind.Province), Ctx.New());
        await commands.SendAsync(Report("race-r", 2020), Ctx.New());
        // Another process moves the stream past the head this service has cached.
        var elsewhere = new HubsCommands(fx.OneTrip.Store, new HubsOptions { TimeProvider = fx.OneTripClock, CheckpointInterval = 3 });
        await elsewhere.SendAsync(Report("race-r", 2021), Ctx.New());
        var oneTrips = commands.OneTripWrites;

        var result = await commands.SendAsync(Report("race-r", 2022), Ctx.New());
        var next = await commands.SendAsync(Report("race-r", 2023), Ctx.New());

        result.Streams.ShouldBe([new StreamVersion("region:race-r", 4)], "decided again on the stored head, written after the other writer's event");
        next.Streams.ShouldBe([new StreamVersion("region:race-r", 5)]);
        commands.OneTripWrites.ShouldBe(oneTrips + 1, "the lost race went the ordinary way; the head it wrote is cached, so the next goes in one trip");
        (await fx.OneTrip.Queries.GetRegionAsync("race-r"))!.Figures.Keys.ShouldBe([2020, 2021, 2022, 2023]);
        (await fx.OneTrip.Audit.VerifyAsync()).BreaksOf("region:race-r").ShouldBeEmpty();
    }

    [Fact]
    public async Task commands_signed_in_one_trip_verify_by_the_key()
    {
        var commands = fx.Signed.Commands;
        await commands.SendAsync(new RegisterRegion("signed-r", "Signed R", RegionKind.Province), Ctx.New());
        for (var year = 2015; year < 2020; year++) await commands.SendAsync(Report("signed-r", year), Ctx.New());

        var report = await fx.Signed.Audit.VerifyAsync();

        commands.OneTripWrites.ShouldBe(5L);
        report.Breaks.ShouldBeEmpty("every range signed in one trip verifies");
        (await fx.Signed.ScalarAsync<long>("select count(*) from mt_doc_processedcommand where data->>'signature' is not null")).ShouldBe(6L);
    }

    private static async Task<List<string>> RowsAsync(HubsTestStore store, string query) =>
        (await store.ScalarAsync<string?>($"select string_agg(r::text, E'\\n' order by r::text) from ({query}) as q(r)") ?? "").Split('\n').ToList();
}
