using System.Text;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests.Extending;

/// <summary>A store with an application's module (AddModule): a schema of its own, like every test class.</summary>
public sealed class PatentsStore : IAsyncLifetime
{
    public HubsTestStore Hubs { get; private set; } = null!;
    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() =>
        // begin-snippet: extending-register
        Hubs = await HubsTestStore.CreateAsync(nameof(UserModuleStoreTests), o =>
        {
            o.TimeProvider = Clock;
            o.AddModule(Patents.Module);
        });
        // end-snippet

    public async Task DisposeAsync() => await Hubs.DisposeAsync();
}

/// <summary>An application's commands get everything the library's get: metadata, hash chain, idempotency, verify, export, time travel.</summary>
public sealed class UserModuleStoreTests(PatentsStore fx) : IClassFixture<PatentsStore>
{
    private async Task<string> RegisteredAsync(string regionId)
    {
        await fx.Hubs.Commands.SendAsync(new RegisterRegion(regionId, regionId, RegionKind.Province), Ctx.New());
        return Patents.Key(regionId);
    }

    [Fact]
    public async Task a_modules_event_is_stored_under_its_name_with_who_why_source_and_a_hash()
    {
        var key = await RegisteredAsync("pat-meta");
        var ctx = new CommandContext("analyst:wu", "annual statistics", "CNIPA annual report 2024", Guid.NewGuid(), "corr-pat");
        var result = await fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-meta", 2024, 110_000, "CNIPA"), ctx);

        result.Outcome.ShouldBe(CommandOutcome.Appended);
        result.Streams.ShouldBe([new StreamVersion(key, 1)], "only the patents stream is written; the region is only read");
        var history = await fx.Hubs.Audit.HistoryAsync(key).ListAsync();
        var e = history.ShouldHaveSingleItem();
        (e.EventType, e.Actor, e.Reason, e.Source, e.CommandId).ShouldBe(
            ("patents_granted", "analyst:wu", "annual statistics", "CNIPA annual report 2024", ctx.CommandId.ToString("D")));
        e.Hash.ShouldNotBeEmpty("the module's events are sealed in the hash chain like the library's");
    }

    [Fact]
    public async Task re_sending_a_modules_command_with_the_same_id_is_a_no_op()
    {
        var key = await RegisteredAsync("pat-idem");
        var ctx = Ctx.New();
        await fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-idem", 2023, 5, "CNIPA"), ctx);
        var again = await fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-idem", 2023, 5, "CNIPA"), ctx);

        again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        (await fx.Hubs.Queries.GetVersionAsync(key)).ShouldBe(1);
    }

    [Fact]
    public async Task the_modules_own_rule_rejects_and_writes_nothing()
    {
        var key = await RegisteredAsync("pat-rule");
        await fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-rule", 2022, 7, "CNIPA"), Ctx.New());

        var rejected = await Should.ThrowAsync<CommandRejectedException>(() =>
            fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-rule", 2022, 8, "CNIPA"), Ctx.New()));

        rejected.Violations.Single().Code.ShouldBe("patents-already-recorded");
        (await fx.Hubs.Queries.GetVersionAsync(key)).ShouldBe(1);
    }

    [Fact]
    public async Task a_modules_state_is_read_now_and_as_it_stood_at_a_version()
    {
        var key = await RegisteredAsync("pat-time");
        await fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-time", 2023, 10, "CNIPA"), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new CorrectPatentsGranted("pat-time", 2023, 12, "CNIPA", "revised"), Ctx.New());

        (await fx.Hubs.Queries.GetStateAsync<RegionPatents>(key))!.Total.ShouldBe(12);
        (await fx.Hubs.Queries.GetStateAsync<RegionPatents>(key, StatePoint.AtVersion(1)))!.Total.ShouldBe(10);
        var audited = await fx.Hubs.Audit.StateAsync(key, StatePoint.AtVersion(1), fullReplay: true);
        ((RegionPatents)audited!.State).ByYear[2023].ShouldBe(10, "time travel folds the module's stream with its own fold");
        await Should.ThrowAsync<ArgumentException>(() => fx.Hubs.Queries.GetStateAsync<Region>(key));
    }

    [Fact]
    public async Task verify_checks_a_modules_chains_and_finds_an_edited_event()
    {
        var key = await RegisteredAsync("pat-verify");
        await fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-verify", 2024, 3, "CNIPA"), Ctx.New());

        var before = await fx.Hubs.Audit.VerifyAsync();
        before.IsIntact.ShouldBeTrue(string.Join("; ", before.Breaks));
        before.StreamsOutsideChains.ShouldNotContain(s => s.StreamKey == key, "the module's streams are the library's to verify");

        await fx.Hubs.ExecuteAsync($"update {fx.Hubs.Schema}.mt_events set data = jsonb_set(data, '{{count}}', '4') where stream_id = '{key}'");
        var after = await fx.Hubs.Audit.VerifyAsync();
        after.Breaks.ShouldContain(b => b.StreamKey == key, "an edited module event breaks its chain");
        await fx.Hubs.ExecuteAsync($"update {fx.Hubs.Schema}.mt_events set data = jsonb_set(data, '{{count}}', '3') where stream_id = '{key}'");
    }

    [Fact]
    public async Task export_includes_a_modules_events()
    {
        var key = await RegisteredAsync("pat-export");
        await fx.Hubs.Commands.SendAsync(new RecordPatentsGranted("pat-export", 2024, 9, "CNIPA"), Ctx.New());

        using var output = new MemoryStream();
        await fx.Hubs.Audit.ExportAsync(output, ExportFormat.JsonLines, key);

        using var row = System.Text.Json.JsonDocument.Parse(Encoding.UTF8.GetString(output.ToArray()).Trim());
        row.RootElement.GetProperty("type").GetString().ShouldBe("patents_granted");
        row.RootElement.GetProperty("payload").GetString()!.ShouldContain("\"count\": 9");
    }
}
