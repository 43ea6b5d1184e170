using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>
/// <see cref="HubsCommands.ImportAsync"/> (Storage/StreamedImport): chunk by chunk, yet the same outcome as sending the whole
/// input as one batch — rows, hashes, checkpoints, idempotency record, error report — and nothing written when it fails.
/// </summary>
public sealed partial class StreamedImportTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Small chunks, so a few thousand commands make many of them (a stream's commands fall in several).</summary>
    private const int Chunk = 700;

    private static IEnumerable<IHubsCommand> Registrations(int from, int to) =>
        Enumerable.Range(from, to - from).Select(r => (IHubsCommand)new RegisterRegion($"imp-{r}", $"Import “{r}” 区", RegionKind.Province));

    /// <summary>Year by year over every region: each stream is spread over the whole input.</summary>
    private static IEnumerable<IHubsCommand> Reports(int regions, int fromYear, int years) =>
        from y in Enumerable.Range(fromYear, years)
        from r in Enumerable.Range(0, regions)
        select (IHubsCommand)new ReportRdIntensity($"imp-{r}", y, 1.25m + r % 7 * 0.1m, r % 3 == 0 ? null : 1000.50m + y, r % 3 == 0 ? null : "CNY 100m",
            new DateOnly(y + 1, 9, 1), "NBS \"annex\" 2");

    private static IHubsCommand[] Input() =>
        [.. Registrations(20, 60), .. Reports(60, 2001, 40), .. Enumerable.Range(0, 60).Where(r => r % 5 == 0)
            .Select(r => (IHubsCommand)new ReviseRdIntensity($"imp-{r}", 2003, 2.5m, null, null, new DateOnly(2006, 1, 15), "NBS census", "benchmark revision"))];

    private static async Task<HubsTestStore> StoreAsync(string name, FakeClock clock)
    {
        var store = await HubsTestStore.CreateAsync(name, o => { o.TimeProvider = clock; o.CheckpointInterval = 7; });
        store.Commands.ImportChunkSize = Chunk;
        // Existing streams written identically (normal path) before the import.
        var setup = new CommandContext("import:setup", "seed", "NBS", Guid.Parse("6d0c8f62-5b1e-4c55-9a0f-0a4d0e7f3a11"), "corr-setup");
        await store.Commands.SendBatchAsync([.. Registrations(0, 20), .. Reports(20, 2000, 1)], setup);
        return store;
    }

    /// <summary>
    /// A store whose stream <c>imp-late</c> was written by a process whose clock ran two hours ahead; an import of
    /// <see cref="Input"/> plus a command on it meets it only in its last chunk.
    /// </summary>
    private static async Task<HubsTestStore> StoreWithLateStreamAsync(string name)
    {
        var store = await StoreAsync(name, new FakeClock(Start));
        var ahead = new HubsCommands(store.Store, new HubsOptions { TimeProvider = new FakeClock(Start.AddHours(2)) });
        await ahead.SendAsync(new RegisterRegion("imp-late", "Late 区", RegionKind.Province), Ctx.New());
        return store;
    }

    private static CommandContext ImportContext(Guid id) =>
        new("import:nbs", "annual import", "NBS 2026", id, "corr-import") { CausationId = "upload-7" };

    [Fact]
    public async Task a_streamed_import_writes_exactly_the_rows_checkpoints_and_record_of_the_same_input_sent_as_one_batch()
    {
        var clock = new FakeClock(Start);
        await using var batch = await StoreAsync("import-equal-batch", clock);
        await using var streamed = await StoreAsync("import-equal-streamed", clock);
        clock.Advance(TimeSpan.FromTicks(7654321));
        var input = Input();
        input.Length.ShouldBeGreaterThan(Chunk * 3, "the input spans several chunks");
        var id = Guid.NewGuid();

        var a = await batch.Commands.SendBatchAsync(input, ImportContext(id));
        var progress = new List<ImportProgress>();
        var b = await streamed.Commands.ImportAsync(Yield(input), ImportContext(id), new SyncProgress<ImportProgress>(progress.Add));

        b.Outcome.ShouldBe(CommandOutcome.Appended);
        b.Streams.OrderBy(s => s.StreamKey).ShouldBe(a.Streams.OrderBy(s => s.StreamKey));
        const string events = """
            select stream_id, version, data::text, type, timestamp, tenant_id, mt_dotnet_type, is_archived, correlation_id,
                   causation_id, headers::text, user_name from mt_events order by stream_id, version
            """;
        var expected = await RowsAsync(batch, events);
        expected.Count.ShouldBe(40 + 40 + 60 * 40 + 12);
        (await RowsAsync(streamed, events)).ShouldBe(expected, "every event column but seq_id and id is identical, hash headers included");
        const string streams = "select id, type, version, tenant_id, is_archived from mt_streams order by id";
        (await RowsAsync(streamed, streams)).ShouldBe(await RowsAsync(batch, streams));
        const string processed = "select data::text from mt_doc_processedcommand order by id";
        (await RowsAsync(streamed, processed)).ShouldBe(await RowsAsync(batch, processed), "same fingerprint, streams, instant and actor");
        const string checkpoints = "select id, data::text from mt_doc_hubs_checkpoint order by id";
        var stored = await RowsAsync(batch, checkpoints);
        stored.Count.ShouldBeGreaterThan(60);
        (await RowsAsync(streamed, checkpoints)).ShouldBe(stored);
        (await streamed.Audit.VerifyAsync()).Breaks.ShouldBeEmpty();

        progress.Count.ShouldBeGreaterThanOrEqualTo(4, "reported after each chunk");
        progress.Select(p => p.CommandsWritten).ShouldBe(progress.Select(p => p.CommandsWritten).Order().ToList());
        progress[^1].ShouldBe(new ImportProgress(input.Length, expected.Count - 40));
    }

    [Fact]
    public async Task a_rejected_import_reports_every_violation_of_the_whole_input_as_a_batch_would_and_writes_nothing()
    {
        var clock = new FakeClock(Start);
        await using var store = await StoreAsync("import-rejected", clock);
        var before = await store.ScalarAsync<long>("select count(*) from mt_events");

        // Rule violations (decided) in the first and the last chunk: a report for a region never registered, a revision of a
        // year never reported. Every row before the last chunk has been copied when the last one is found: all rolled back.
        var decided = Input().ToList();
        decided.Insert(5, new ReportRdIntensity("imp-unknown", 2001, 2m, null, null, new DateOnly(2002, 1, 1), "NBS"));
        decided.Add(new ReviseRdIntensity("imp-1", 1990, 2.5m, null, null, new DateOnly(2006, 1, 15), "NBS census", "benchmark revision"));
        var expected = await Should.ThrowAsync<CommandRejectedException>(() => store.Commands.CheckBatchAsync(decided));
        var streamedError = await Should.ThrowAsync<CommandRejectedException>(() => store.Commands.ImportAsync(Yield(decided), Ctx.New()));
        streamedError.Violations.ShouldBe(expected.Violations);
        streamedError.Violations.Select(v => v.CommandIndex).ShouldBe([5, decided.Count - 1]);

        // Shape violations anywhere: a send or a streamed import reports them alone (nothing decided); a check also decides
        // the commands whose shape is valid, so it lists the rule violations beside them in the same pass.
        var shaped = decided.ToList();
        shaped[1500] = new ReportRdIntensity("imp-3", 2001, -1m, null, null, new DateOnly(2002, 1, 1), "NBS");
        shaped[^2] = new RegisterRegion("", "", RegionKind.Province);
        var expectedShape = await Should.ThrowAsync<CommandRejectedException>(() => store.Commands.CheckBatchAsync(shaped));
        var streamedShape = await Should.ThrowAsync<CommandRejectedException>(() => store.Commands.ImportAsync(Yield(shaped), Ctx.New()));
        streamedShape.Violations.ShouldBe(expectedShape.Violations.Where(v => v.CommandIndex is 1500 || v.CommandIndex == shaped.Count - 2));
        streamedShape.Violations.Select(v => v.CommandIndex).Distinct().ShouldBe([1500, shaped.Count - 2]);
        expectedShape.Violations.Select(v => v.CommandIndex).Distinct().ShouldBe([5, 1500, shaped.Count - 2, shaped.Count - 1]);

        (await store.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(before, "nothing was committed");
        (await store.ScalarAsync<long>("select count(*) from mt_doc_processedcommand")).ShouldBe(1, "only the setup's record");
        (await store.ScalarAsync<long>("select max(version) from mt_streams")).ShouldBe(2);
    }

    [Fact]
    public async Task a_re_sent_import_is_already_applied_whichever_way_it_was_first_sent_and_a_reused_id_is_refused()
    {
        var clock = new FakeClock(Start);
        await using var store = await StoreAsync("import-idempotent", clock);
        var input = Input();
        var id = Guid.NewGuid();
        (await store.Commands.SendBatchAsync(input, ImportContext(id))).Outcome.ShouldBe(CommandOutcome.Appended);
        var rows = await store.ScalarAsync<long>("select count(*) from mt_events");

        (await store.Commands.ImportAsync(Yield(input), ImportContext(id))).Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        var streamedId = Guid.NewGuid();
        var more = Reports(60, 2041, 20).ToArray();
        (await store.Commands.ImportAsync(Yield(more), ImportContext(streamedId))).Outcome.ShouldBe(CommandOutcome.Appended);
        (await store.Commands.ImportAsync(Yield(more), ImportContext(streamedId))).Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        (await store.Commands.SendBatchAsync(more, ImportContext(streamedId))).Outcome.ShouldBe(CommandOutcome.AlreadyApplied,
            "the streamed import's record carries the batch's own fingerprint");

        var other = more.ToArray();
        other[^1] = new ReportRdIntensity("imp-59", 2060, 9m, null, null, new DateOnly(2061, 1, 1), "NBS");
        var reused = await Should.ThrowAsync<CommandRejectedException>(() => store.Commands.ImportAsync(Yield(other), ImportContext(streamedId)));
        reused.Violations[0].Code.ShouldBe("command-id-reused");
        (await store.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(rows + more.Length);
    }

    [Fact]
    public async Task a_stream_last_written_after_the_imports_instant_restarts_it_at_that_instant_from_a_second_reading_of_the_input()
    {
        await using var store = await StoreWithLateStreamAsync("import-later");
        IHubsCommand[] input = [.. Input(), new ReportRdIntensity("imp-late", 2001, 2m, null, null, new DateOnly(2002, 1, 1), "NBS")];

        var readings = 0;
        var result = await store.Commands.ImportAsync(Counted(input, () => readings++), Ctx.New());

        result.Outcome.ShouldBe(CommandOutcome.Appended);
        readings.ShouldBe(2, "the first attempt chose an instant before the late stream's last event, and started again");
        (await store.ScalarAsync<long>($"select count(*) from mt_events where timestamp = '{Start.AddHours(2):O}'")).ShouldBe(1 + input.Length,
            "the whole import recorded at one instant, not before the late stream's last event");
        (await store.ScalarAsync<long>($"select count(*) from mt_events where timestamp <> '{Start.AddHours(2):O}'")).ShouldBe(40, "the setup");
        (await store.Audit.VerifyAsync()).Breaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_input_that_yields_other_commands_when_read_again_is_refused_and_nothing_is_written()
    {
        await using var store = await StoreWithLateStreamAsync("import-changed");
        var before = await store.ScalarAsync<long>("select count(*) from mt_events");
        var readings = 0;
        async IAsyncEnumerable<IHubsCommand> Changing()
        {
            var reading = ++readings;
            foreach (var c in Input()) yield return c;
            yield return new ReportRdIntensity("imp-late", reading == 1 ? 2001 : 2002, 2m, null, null, new DateOnly(2003, 1, 1), "NBS");
            await Task.CompletedTask;
        }

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => store.Commands.ImportAsync(Changing(), Ctx.New()));

        ex.Message.ShouldContain($"commands {Input().Length / Chunk * Chunk}–{Input().Length} are not the ones read before");
        (await store.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(before);
    }

    [Fact]
    public async Task an_import_cancelled_after_its_first_chunks_were_copied_writes_nothing()
    {
        var clock = new FakeClock(Start);
        await using var store = await StoreAsync("import-cancelled", clock);
        var before = await store.ScalarAsync<long>("select count(*) from mt_events");
        using var cancel = new CancellationTokenSource();
        var reports = 0;
        // Cancelled from the progress report of the second chunk: rows are in the transaction, the input is half read.
        var progress = new SyncProgress<ImportProgress>(_ => { if (++reports == 2) cancel.Cancel(); });

        await Should.ThrowAsync<OperationCanceledException>(() => store.Commands.ImportAsync(Yield(Input()), Ctx.New(), progress, cancel.Token));

        reports.ShouldBe(2);
        (await store.ScalarAsync<long>("select count(*) from mt_events")).ShouldBe(before);
        (await store.ScalarAsync<long>("select count(*) from mt_doc_processedcommand")).ShouldBe(1, "only the setup's record");
        (await store.Commands.ImportAsync(Yield(Input()), Ctx.New())).Outcome.ShouldBe(CommandOutcome.Appended, "the store is usable after it");
    }

    [Fact]
    public async Task a_small_or_empty_input_is_a_batch_and_a_concurrent_writer_on_its_streams_is_waited_for_or_raced_never_lost()
    {
        var clock = new FakeClock(Start);
        await using var store = await StoreAsync("import-small", clock);
        await Should.ThrowAsync<ArgumentException>(() => store.Commands.ImportAsync(Yield([]), Ctx.New()));
        var small = await store.Commands.ImportAsync(Yield(Reports(20, 2001, 2).ToArray()), Ctx.New());
        small.Streams.Count.ShouldBe(20);

        // Writers on the import's streams while it runs: each append either waits for the import's locks or moves a stream
        // before the import reaches it (then the import is retried). Every command ends up applied exactly once.
        using var stop = new CancellationTokenSource();
        var other = new HubsCommands(store.Store, new HubsOptions { TimeProvider = clock });
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested && n < 200)
            {
                await other.SendAsync(new ReportRdIntensity($"imp-{n % 20}", 1951 + n / 20, 3m, null, null, new DateOnly(1999, 1, 1), "NBS"), Ctx.New());
                n++;
            }
            return n;
        });
        var import = await store.Commands.ImportAsync(Yield(Reports(20, 2003, 90).ToArray()), Ctx.New());
        await stop.CancelAsync();
        var concurrent = await writer;

        import.Outcome.ShouldBe(CommandOutcome.Appended);
        (await store.ScalarAsync<long>("select count(*) from mt_events where stream_id like 'region:imp-%'"))
            .ShouldBe(20 + 20 + 40 + 20 * 90 + concurrent);
        (await store.Audit.VerifyAsync()).Breaks.ShouldBeEmpty();
    }

    private static IAsyncEnumerable<IHubsCommand> Yield(IEnumerable<IHubsCommand> commands) => commands.ToAsyncEnumerable();

    private static async IAsyncEnumerable<IHubsCommand> Counted(IReadOnlyList<IHubsCommand> commands, Action onReading)
    {
        onReading();
        foreach (var c in commands) yield return c;
        await Task.CompletedTask;
    }

    private static Task<List<string>> RowsAsync(HubsTestStore store, string sql) => BulkWriteTests.RowsAsync(store, sql);
}
