using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>
/// Command ids carry what the command was: a re-send is recognised before anything is appended (not one row is added to
/// any table of the schema), and an id reused for a different command is refused, on both write paths.
/// </summary>
public sealed class IdempotencyTests(ClassStore<IdempotencyTests> fx) : IClassFixture<ClassStore<IdempotencyTests>>
{
    private HubsCommands Commands => fx.Hubs.Commands;

    [Fact]
    public async Task a_re_sent_command_is_already_applied_and_adds_no_row_to_any_table()
    {
        var ctx = Ctx.New();
        (await Commands.SendAsync(new RegisterRegion("idem-a", "Idem A", RegionKind.Province), ctx)).Outcome.ShouldBe(CommandOutcome.Appended);
        var before = await TableRows.CountAsync(fx.Hubs);

        var again = await Commands.SendAsync(new RegisterRegion("idem-a", "Idem A", RegionKind.Province), ctx);

        again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        (await TableRows.CountAsync(fx.Hubs)).ShouldBe(before, "an idempotent re-send writes nothing, not even a tombstone");
    }

    [Fact]
    public async Task a_re_send_that_the_state_would_accept_again_is_recognised_before_any_append()
    {
        // A technology transfer decides to a new event every time: only the idempotency check can stop a second append, and
        // it must come before the append (a failing insert inside it would use up sequence numbers that become tombstones).
        await Commands.SendAsync(new RegisterRegion("idem-r", "Idem R", RegionKind.Province), Ctx.New());
        await Commands.SendAsync(new RegisterEnterprise("idem-e", "Idem E", "Chengdu", "idem-r"), Ctx.New());
        var ctx = Ctx.New();
        var transfer = new TransferTechnology("idem-e", "Gov AI", "Chengdu lab", "Beijing partner", "idem-r", new DateOnly(2025, 6, 1));
        await Commands.SendAsync(transfer, ctx);
        var before = await TableRows.CountAsync(fx.Hubs);

        (await Commands.SendAsync(transfer, ctx)).Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        (await TableRows.CountAsync(fx.Hubs)).ShouldBe(before);
    }

    [Fact]
    public async Task a_reused_id_with_a_different_command_is_rejected_naming_its_first_use_and_writes_nothing()
    {
        var id = Guid.NewGuid();
        await Commands.SendAsync(new RegisterRegion("reuse-a", "Reuse A", RegionKind.Province),
            new CommandContext("analyst:li", "first", "NBS", id, "corr"));
        var before = await TableRows.CountAsync(fx.Hubs);

        var ex = await Should.ThrowAsync<CommandRejectedException>(() => Commands.SendAsync(
            new RegisterRegion("reuse-b", "Reuse B", RegionKind.Province), new CommandContext("analyst:wang", "second", "NBS", id, "corr")));

        ex.Code.ShouldBe("command-id-reused");
        ex.Field.ShouldBe("commandId");
        ex.Value.ShouldBe(id);
        ex.Violations[0].Explanation.ShouldContain("by analyst:li");
        ex.Violations[0].Explanation.ShouldContain("for register-region on region:reuse-a");
        ex.Violations[0].Explanation.ShouldContain(fx.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss"));
        (await TableRows.CountAsync(fx.Hubs)).ShouldBe(before);
        (await fx.Hubs.Queries.GetRegionAsync("reuse-b")).ShouldBeNull("the second command was refused, not silently dropped");
    }

    [Fact]
    public async Task the_same_figure_written_as_3_6_or_3_60_is_the_same_command()
    {
        await Commands.SendAsync(new RegisterRegion("dec-a", "Dec A", RegionKind.Province), Ctx.New());
        var ctx = Ctx.New();
        await Commands.SendAsync(new ReportRdIntensity("dec-a", 2024, 3.6m, 4600m, "CNY 100m", new DateOnly(2025, 9, 30), "NBS"), ctx);

        var again = await Commands.SendAsync(new ReportRdIntensity("dec-a", 2024, 3.60m, 4600.0m, "CNY 100m", new DateOnly(2025, 9, 30), "NBS"), ctx);

        again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
    }

    [Theory]
    [InlineData("append")]
    [InlineData("copy")]
    public async Task a_batch_is_fingerprinted_command_by_command_and_position_on_both_write_paths(string path)
    {
        await using var hubs = await HubsTestStore.CreateAsync($"idem-batch-{path}");
        hubs.Commands.BulkThreshold = path == "copy" ? 1 : int.MaxValue;
        IHubsCommand[] batch = [.. Enumerable.Range(0, 5).Select(i => new RegisterRegion($"b-{i}", $"B {i}", RegionKind.Province))];
        var ctx = Ctx.New();
        (await hubs.Commands.SendBatchAsync(batch, ctx)).Outcome.ShouldBe(CommandOutcome.Appended);
        var before = await TableRows.CountAsync(hubs);

        (await hubs.Commands.SendBatchAsync(batch, ctx)).Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        IHubsCommand[] changed = [.. batch[..4], new RegisterRegion("b-4", "B Four", RegionKind.Province)];
        (await Should.ThrowAsync<CommandRejectedException>(() => hubs.Commands.SendBatchAsync(changed, ctx))).Code.ShouldBe("command-id-reused");
        IHubsCommand[] reordered = [batch[1], batch[0], .. batch[2..]];
        var ex = await Should.ThrowAsync<CommandRejectedException>(() => hubs.Commands.SendBatchAsync(reordered, ctx));
        ex.Violations[0].Explanation.ShouldContain("for batch of 5 commands");
        (await TableRows.CountAsync(hubs)).ShouldBe(before);
    }

    [Fact]
    public async Task a_command_that_changes_nothing_writes_nothing_and_leaves_its_id_free()
    {
        await Commands.SendAsync(new RegisterRegion("same-a", "Same A", RegionKind.Province), Ctx.New());
        await Commands.SendAsync(new SetRegionTarget("same-a", 3m, 2035), Ctx.New());
        var before = await TableRows.CountAsync(fx.Hubs);
        var ctx = Ctx.New();

        (await Commands.SendAsync(new SetRegionTarget("same-a", 3m, 2035), ctx)).Outcome.ShouldBe(CommandOutcome.NoChange);

        (await TableRows.CountAsync(fx.Hubs)).ShouldBe(before);
        (await Commands.SendAsync(new SetRegionTarget("same-a", 3.5m, 2035), ctx)).Outcome.ShouldBe(CommandOutcome.Appended,
            "a no-op records nothing, so its id can still carry a command that changes something");
    }

    [Fact]
    public async Task concurrent_sends_of_one_command_id_from_two_processes_apply_it_exactly_once()
    {
        await Commands.SendAsync(new RegisterRegion("conc-a", "Conc A", RegionKind.Province), Ctx.New());
        // A second, independent library instance on the same schema: its own store, head cache and connections, as another
        // process would have.
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(fx.Hubs.ConnectionString);
            o.DatabaseSchemaName = fx.Hubs.Schema;
        });
        services.AddHubsEventSourcing(o => o.TimeProvider = fx.Clock);
        await using var otherProcess = services.BuildServiceProvider();
        HubsCommands[] senders = [Commands, otherProcess.GetRequiredService<HubsCommands>()];
        var ctx = Ctx.New();
        var report = new ReportRdIntensity("conc-a", 2024, 2.5m, null, null, new DateOnly(2025, 9, 30), "NBS");
        using var start = new ManualResetEventSlim();
        var sends = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (await senders[i % 2].SendAsync(report, ctx)).Outcome;
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(sends);

        outcomes.Count(o => o == CommandOutcome.Appended).ShouldBe(1);
        outcomes.Count(o => o == CommandOutcome.AlreadyApplied).ShouldBe(7);
        (await fx.Hubs.Queries.GetVersionAsync("region:conc-a")).ShouldBe(2);
        (await fx.Hubs.ScalarAsync<long>($"select count(*) from mt_doc_processedcommand where id = '{ctx.CommandId}'")).ShouldBe(1);
    }

    [Fact]
    public async Task an_idempotency_row_written_before_fingerprints_existed_still_makes_a_re_send_already_applied()
    {
        var ctx = Ctx.New();
        await Commands.SendAsync(new RegisterRegion("old-a", "Old A", RegionKind.Province), ctx);
        // What 0.1.0 stored: id, streams and time only.
        await fx.Hubs.ExecuteAsync($"update mt_doc_processedcommand set data = data - 'fingerprint' - 'command' - 'actor' where id = '{ctx.CommandId}'");

        (await Commands.SendAsync(new RegisterRegion("old-a", "Old A", RegionKind.Province), ctx)).Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
    }
}

/// <summary>
/// Row counts of every table in a store's schema, and the value of every sequence: "writes nothing" checked at the table
/// level. A sequence that moved means an append was attempted and rolled back, which later shows as tombstone rows.
/// </summary>
internal static class TableRows
{
    public static async Task<Dictionary<string, long>> CountAsync(HubsTestStore hubs)
    {
        var counts = await TablesAsync(hubs);
        var sequences = await hubs.ScalarAsync<string>(
            $"select coalesce(string_agg(sequence_name, ',' order by sequence_name), '') from information_schema.sequences where sequence_schema = '{hubs.Schema}'");
        foreach (var sequence in sequences.Split(',', StringSplitOptions.RemoveEmptyEntries))
            counts["sequence " + sequence] = await hubs.ScalarAsync<long>($"select last_value from {sequence}");
        return counts;
    }

    private static async Task<Dictionary<string, long>> TablesAsync(HubsTestStore hubs)
    {
        var tables = (await hubs.ScalarAsync<string>(
            $"select string_agg(table_name, ',' order by table_name) from information_schema.tables where table_schema = '{hubs.Schema}' and table_type = 'BASE TABLE'"))
            .Split(',');
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables) counts[table] = await hubs.ScalarAsync<long>($"select count(*) from {table}");
        return counts;
    }
}
