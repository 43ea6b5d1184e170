using System.Collections.Concurrent;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Reliability;

/// <summary>
/// Writers sharing one command service take turns per stream instead of racing: none gives up, nothing is lost or stored
/// twice, two-stream units in opposite orders do not deadlock; a second service on the same database (another process, as
/// far as the first can tell) still loses races and resolves them by re-deciding.
/// </summary>
public sealed class WriterOrderingTests(ClassStore<WriterOrderingTests> fx) : IClassFixture<ClassStore<WriterOrderingTests>>
{
    private static readonly int PerWriter =
        int.TryParse(Environment.GetEnvironmentVariable("HUBS_RELIABILITY_COMMANDS"), out var n) && n > 0 ? n : 50;

    // Guards the run against a hang (a deadlock would otherwise stall the suite); not a timing assertion.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private HubsCommands NewService() => new(fx.Hubs.Store, fx.Hubs.Services.GetRequiredService<HubsOptions>());

    [Fact]
    public async Task sixteen_writers_of_one_service_on_one_stream_never_give_up_and_store_each_command_once()
    {
        var service = NewService();
        var (accepted, gaveUp) = await RunWritersAsync("queue", 16, _ => service);

        gaveUp.ShouldBeEmpty("writers of one service wait for their turn on a stream instead of losing races to each other");
        accepted.Count.ShouldBe(16 * PerWriter);
        await StoredOnceEachAsync("queue", accepted);
        service.Gate.Count.ShouldBe(0, "no turn is kept once its writers are done");
    }

    [Fact]
    public async Task two_stream_units_taken_in_opposite_orders_do_not_deadlock()
    {
        const int pairs = 8;
        var service = NewService();
        await service.SendBatchAsync([new RegisterRegion("left", "Left", RegionKind.Province),
            new RegisterRegion("right", "Right", RegionKind.Province)], Ctx.New());
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, pairs * 2).Select(w => Task.Run(async () =>
        {
            await start.Task;
            var results = new List<CommandOutcome>();
            for (var i = 0; i < PerWriter / 5 + 1; i++)
            {
                var value = (w * 1000 + i + 1) / 1000m;
                IHubsCommand l = new SetRegionTarget("left", value, 2035), r = new SetRegionTarget("right", value, 2035);
                // Even writers name left first, odd ones right first: a gate taken in the order named would deadlock.
                var unit = w % 2 == 0 ? new[] { l, r } : [r, l];
                results.Add((await service.SendBatchAsync(unit, Ctx.New())).Outcome);
            }
            return results;
        })).ToArray();
        start.SetResult();
        var outcomes = (await Task.WhenAll(running).WaitAsync(HangGuard)).SelectMany(o => o).ToList();

        outcomes.ShouldAllBe(o => o == CommandOutcome.Appended, "every unit is written once its turn comes");
        var left = await fx.Hubs.Audit().HistoryAsync("region:left").ListAsync();
        var right = await fx.Hubs.Audit().HistoryAsync("region:right").ListAsync();
        left.Count.ShouldBe(1 + outcomes.Count);
        right.Count.ShouldBe(1 + outcomes.Count);
        (await fx.Hubs.Audit().VerifyAsync()).Breaks.ShouldBeEmpty();
        service.Gate.Count.ShouldBe(0);
    }

    [Fact]
    public async Task writers_of_two_services_on_one_stream_never_give_up_once_a_retry_claims_the_stream()
    {
        // Two services stand for two processes: only the store's version check and the retry rule order them.
        var services = new[] { NewService(), NewService() };
        var (accepted, gaveUp) = await RunWritersAsync("split", 16, w => services[w % 2]);

        gaveUp.ShouldBeEmpty("a command that lost a race to the other service claims the stream before re-reading it, so it does not lose again");
        await StoredOnceEachAsync("split", accepted);
    }

    /// <summary>
    /// <paramref name="writers"/> writers, released together, each sending <see cref="PerWriter"/> targets to one region
    /// through the service <paramref name="serviceOf"/> gives it: the commands accepted and those given up.
    /// </summary>
    private async Task<(ConcurrentBag<Guid> Accepted, ConcurrentBag<Guid> GaveUp)> RunWritersAsync(string region, int writers, Func<int, HubsCommands> serviceOf)
    {
        await serviceOf(0).SendAsync(new RegisterRegion(region, region, RegionKind.Province), Ctx.New());
        var accepted = new ConcurrentBag<Guid>();
        var gaveUp = new ConcurrentBag<Guid>();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < PerWriter; i++)
            {
                var ctx = Ctx.New();
                try
                {
                    (await serviceOf(w).SendAsync(new SetRegionTarget(region, (w * PerWriter + i + 1) / 1000m, 2035), ctx))
                        .Outcome.ShouldBe(CommandOutcome.Appended);
                    accepted.Add(ctx.CommandId);
                }
                catch (HubsConcurrencyException) { gaveUp.Add(ctx.CommandId); }
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(running).WaitAsync(HangGuard);
        return (accepted, gaveUp);
    }

    /// <summary>The region's history: versions without a gap, each accepted command's event once, nothing else, the chain intact.</summary>
    private async Task StoredOnceEachAsync(string region, ConcurrentBag<Guid> accepted)
    {
        var stored = await fx.Hubs.Audit().HistoryAsync($"region:{region}").ListAsync();
        stored.Select(e => e.Version).ShouldBe(Enumerable.Range(1, stored.Count).Select(v => (long)v), "versions run 1, 2, 3, … without a gap");
        var byCommand = stored.GroupBy(e => e.CommandId).ToDictionary(g => g.Key, g => g.Count());
        accepted.ShouldAllBe(id => byCommand.GetValueOrDefault(id.ToString("D")) == 1, "every command's event is stored exactly once");
        stored.Count.ShouldBe(1 + accepted.Count, "the registration and one event per accepted command, nothing else");
        (await fx.Hubs.Audit().VerifyAsync()).Breaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_writer_of_another_service_is_still_ordered_by_the_lost_race_retry()
    {
        var first = NewService();
        var second = NewService();
        await first.SendAsync(new RegisterRegion("shared", "Shared", RegionKind.Province), Ctx.New());
        // The first service now holds the stream's head at version 1; the second moves the stream on without it knowing.
        await second.SendAsync(new SetRegionTarget("shared", 0.10m, 2035), Ctx.New());

        var result = await first.SendAsync(new SetRegionTarget("shared", 0.20m, 2035), Ctx.New());

        result.Outcome.ShouldBe(CommandOutcome.Appended, "a race lost to another service is re-decided, not given up");
        result.Streams.ShouldHaveSingleItem().Version.ShouldBe(3, "appended after the other service's event, not over it");
        (await fx.Hubs.Queries.GetRegionAsync("shared"))!.Target!.Value.ShouldBe(0.20m);
        (await fx.Hubs.Audit().VerifyAsync()).Breaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_retry_claims_its_streams_next_version_so_a_writer_that_read_the_same_head_waits_for_it()
    {
        var service = NewService();
        await service.SendAsync(new RegisterRegion("claimed", "Claimed", RegionKind.Province), Ctx.New());

        await using (await service.Bulk.BeginLockedAsync(["region:claimed"], CancellationToken.None))
        {
            // What Marten's append of a writer that read version 1 inserts first, before it touches mt_streams: the event at
            // version 2. The claim holds that version, so the insert waits for the claim's transaction (and holds nothing it
            // needs: a row lock on mt_streams instead made the two wait for each other until PostgreSQL's deadlock check).
            // The claim is held until disposed, so the wait is certain; lock_timeout only turns it into an error.
            await using var conn = new NpgsqlConnection(fx.Hubs.ConnectionString);
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using (var timeout = new NpgsqlCommand("set local lock_timeout = '200ms'", conn, tx)) await timeout.ExecuteNonQueryAsync();
            await using var insert = new NpgsqlCommand(
                $"insert into {fx.Hubs.Store.Options.Events.DatabaseSchemaName}.mt_events (seq_id, id, stream_id, version, data, type) " +
                "values (-1, gen_random_uuid(), 'region:claimed', 2, '{}', 'probe')", conn, tx);
            var waited = await Should.ThrowAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
            waited.SqlState.ShouldBe(PostgresErrorCodes.LockNotAvailable);
            (waited.Where ?? "").ShouldNotContain("FOR KEY SHARE", Case.Insensitive,
                "it waited at the version's index entry, not at the stream row (its foreign-key check), which comes after it");
        }

        // The claim went with its transaction: the next event is version 2 and nothing of the claim is in the history.
        var result = await NewService().SendAsync(new SetRegionTarget("claimed", 0.30m, 2035), Ctx.New());
        result.Streams.ShouldHaveSingleItem().Version.ShouldBe(2);
        (await fx.Hubs.Audit().HistoryAsync("region:claimed").ListAsync()).Select(e => e.Version).ShouldBe([1L, 2L]);
    }
}
