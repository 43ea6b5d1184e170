using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests;

// A streamed import that lost a race and goes on with claims, while Marten appends keep coming on its streams.
public sealed partial class StreamedImportTests
{
    /// <summary>Chunk 1 writes imp-0..9, chunk 2 imp-10..19 (70 years each): a stream of chunk 2 can be moved after its head was read.</summary>
    private static IHubsCommand[] TwoChunksOfStreams() =>
    [
        .. Enumerable.Range(0, 2).SelectMany(half =>
            from y in Enumerable.Range(2001, 70)
            from r in Enumerable.Range(half * 10, 10)
            select (IHubsCommand)new ReportRdIntensity($"imp-{r}", y, 1.5m, null, null, new DateOnly(y + 1, 9, 1), "NBS")),
    ];

    [Fact]
    public async Task an_import_that_lost_a_race_claims_its_streams_on_retry_and_appends_hammering_them_wait_without_a_deadlock()
    {
        var clock = new FakeClock(Start);
        await using var store = await StoreAsync("import-race", clock);
        var input = TwoChunksOfStreams();
        input.Length.ShouldBe(2 * Chunk);
        var deadlocksBefore = await store.ScalarAsync<long>("select deadlocks from pg_stat_database where datname = current_database()");
        var other = new HubsCommands(store.Store, new HubsOptions { TimeProvider = clock });

        // The first reading signals once it has read past chunk 2, i.e. chunk 2's heads are read and it is sealed.
        var readings = 0;
        using var secondChunkSealed = new ManualResetEventSlim();
        async IAsyncEnumerable<IHubsCommand> Reading()
        {
            var reading = ++readings;
            foreach (var c in input) yield return c;
            if (reading == 1) secondChunkSealed.Set();
            await Task.CompletedTask;
        }

        // After chunk 1 is copied (first attempt), a writer moves imp-15, which the import read but has not written yet:
        // chunk 2 loses the race. Appends on chunk 2's streams then go on through the retry, through Marten's append.
        using var stop = new CancellationTokenSource();
        Task<int>? hammer = null;
        var reports = 0;
        var progress = new SyncProgress<ImportProgress>(_ =>
        {
            if (++reports != 1) return;
            secondChunkSealed.Wait(TimeSpan.FromMinutes(1)).ShouldBeTrue("the first reading sealed chunk 2");
            other.SendAsync(new ReportRdIntensity("imp-15", 1950, 3m, null, null, new DateOnly(1999, 1, 1), "NBS"), Ctx.New()).GetAwaiter().GetResult();
            hammer = Task.Run(async () =>
            {
                var n = 0;
                for (; !stop.IsCancellationRequested && n < 490; n++)
                    await other.SendAsync(new ReportRdIntensity($"imp-{10 + n % 10}", 1951 + n / 10, 3m, null, null, new DateOnly(1999, 1, 1), "NBS"), Ctx.New());
                return n;
            });
        });

        var import = await store.Commands.ImportAsync(Reading(), Ctx.New(), progress);
        await stop.CancelAsync();
        var appended = await hammer!;

        import.Outcome.ShouldBe(CommandOutcome.Appended);
        readings.ShouldBe(2, "one lost race; the retry claimed its streams and could not lose again");
        (await store.ScalarAsync<long>("select count(*) from mt_events where stream_id in (select 'region:imp-' || g from generate_series(10, 19) g)"))
            .ShouldBe(10 * 2 + 700 + 1 + appended, "setup, the import's chunk 2, the move and every hammering append, each once");
        (await store.ScalarAsync<long>("select count(*) from mt_events where type = 'hubs_claim'")).ShouldBe(0, "no placeholder is ever committed");
        (await store.ScalarAsync<long>("select deadlocks from pg_stat_database where datname = current_database()"))
            .ShouldBe(deadlocksBefore, "claims make the appends wait for the import instead of deadlocking with it");
        (await store.Audit.VerifyAsync()).Breaks.ShouldBeEmpty();
    }
}
