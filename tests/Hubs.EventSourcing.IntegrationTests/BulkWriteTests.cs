using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>The COPY fast path for large batches (Storage/BulkWriter) against Marten's normal append.</summary>
public sealed class BulkWriteTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

    private static IHubsCommand[] Registrations(int regions) =>
        Enumerable.Range(0, regions).Select(r => (IHubsCommand)new RegisterRegion($"bulk-{r}", $"Bulk “{r}” 区", RegionKind.Province)).ToArray();

    private static IEnumerable<IHubsCommand> Reports(int regions, int fromYear, int years) =>
        from y in Enumerable.Range(fromYear, years)
        from r in Enumerable.Range(0, regions)
        select (IHubsCommand)new ReportRdIntensity($"bulk-{r}", y, 1.25m + r % 7 * 0.1m, r % 3 == 0 ? null : 1000.50m + y, r % 3 == 0 ? null : "CNY 100m",
            new DateOnly(y + 1, 9, 1), "NBS \"annex\" 2");

    private static IEnumerable<IHubsCommand> Revisions(int regions, int year) =>
        Enumerable.Range(0, regions).Where(r => r % 4 == 0).Select(r => (IHubsCommand)new ReviseRdIntensity($"bulk-{r}", year, 2.5m, null, null,
            new DateOnly(year + 3, 1, 15), "NBS census", "benchmark revision"));

    [Fact]
    public async Task the_copy_path_writes_exactly_the_rows_the_append_path_writes_onto_new_and_existing_streams()
    {
        var clock = new FakeClock(Start);
        // Checkpoints every 3 versions: both paths must store the same states at the same versions with the same anchors.
        await using var viaAppend = await HubsTestStore.CreateAsync("bulk-equal-append", o => { o.TimeProvider = clock; o.CheckpointInterval = 3; });
        await using var viaCopy = await HubsTestStore.CreateAsync("bulk-equal-copy", o => { o.TimeProvider = clock; o.CheckpointInterval = 3; });
        viaAppend.Commands.BulkThreshold = int.MaxValue;
        viaAppend.Commands.ParallelDecideThreshold = int.MaxValue; // decided in order; viaCopy decides stream by stream in parallel
        viaCopy.Commands.ParallelDecideThreshold = 2;

        // Existing streams: 20 regions with a year each, written identically (normal path) in both stores.
        var setup = new CommandContext("import:setup", "seed", "NBS", Guid.NewGuid(), "corr-setup");
        IHubsCommand[] first = [.. Registrations(20), .. Reports(20, 2000, 1)];
        viaCopy.Commands.BulkThreshold = int.MaxValue;
        await viaAppend.Commands.SendBatchAsync(first, setup);
        await viaCopy.Commands.SendBatchAsync(first, setup);
        viaCopy.Commands.BulkThreshold = 1;
        clock.Advance(TimeSpan.FromTicks(1234567));

        // The big batch: appends to the 20 existing streams and creates 10 new ones, with revisions and a causation id.
        IHubsCommand[] batch = [.. Registrations(30)[20..], .. Reports(30, 2001, 5), .. Revisions(20, 2000)];
        var ctx = new CommandContext("import:nbs", "annual import", "NBS 2026", Guid.NewGuid(), "corr-import") { CausationId = "upload-7" };
        var a = await viaAppend.Commands.SendBatchAsync(batch, ctx);
        var b = await viaCopy.Commands.SendBatchAsync(batch, ctx);

        b.Streams.OrderBy(s => s.StreamKey).ShouldBe(a.Streams.OrderBy(s => s.StreamKey));
        const string events = """
            select stream_id, version, data::text, type, timestamp, tenant_id, mt_dotnet_type, is_archived, correlation_id,
                   causation_id, headers::text, user_name, bdata from mt_events order by stream_id, version
            """;
        const string streams = "select id, type, version, tenant_id, compacted_version, is_archived from mt_streams order by id";
        const string processed = "select data::text, mt_dotnet_type from mt_doc_processedcommand order by id";
        var appended = await RowsAsync(viaAppend, events);
        appended.Count.ShouldBe(20 + 20 + 10 + 150 + 5);
        (await RowsAsync(viaCopy, events)).ShouldBe(appended, "every event column but seq_id and id is identical");
        (await RowsAsync(viaCopy, streams)).ShouldBe(await RowsAsync(viaAppend, streams));
        (await RowsAsync(viaCopy, processed)).ShouldBe(await RowsAsync(viaAppend, processed));
        const string checkpoints = "select id, data::text from mt_doc_hubs_checkpoint order by id";
        var stored = await RowsAsync(viaAppend, checkpoints);
        stored.Count.ShouldBe(30 * 2, "each region reaches version 6 (versions 3 and 6 are checkpoints)");
        (await RowsAsync(viaCopy, checkpoints)).ShouldBe(stored);
        (await viaCopy.ScalarAsync<bool>("select bool_and(timestamp = created) from mt_streams where id in ('region:bulk-20', 'region:bulk-29')")).ShouldBeTrue();
    }

    [Fact]
    public async Task marten_reads_projects_and_appends_normally_after_a_bulk_import_reported_chunk_by_chunk()
    {
        var clock = new FakeClock(Start);
        await using var hubs = await HubsTestStore.CreateAsync("bulk-after", o => o.TimeProvider = clock,
            m => m.Projections.Snapshot<Region>(SnapshotLifecycle.Async));
        using var daemon = await hubs.Store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();

        var progress = new List<BatchProgress>();
        IHubsCommand[] batch = [.. Registrations(300), .. Reports(300, 1960, 70)];
        await hubs.Commands.SendBatchAsync(batch, Ctx.New(), new SyncProgress<BatchProgress>(progress.Add));

        var written = progress.Where(p => p.Stage == BatchStage.Written).Select(p => p.Done).ToList();
        written.Count.ShouldBeGreaterThanOrEqualTo(3, "21,300 events are copied in chunks of 10,000, each reported");
        written.ShouldBe(written.Order().ToList());
        written[^1].ShouldBe(batch.Length);

        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await hubs.Commands.SendAsync(new ReportRdIntensity("bulk-7", 2030, 3m, null, null, new DateOnly(2031, 2, 1), "NBS"), Ctx.New());
        after.Streams.ShouldBe([new StreamVersion("region:bulk-7", 72)]);

        await hubs.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await using var session = hubs.Store.QuerySession();
        (await session.LoadAsync<Region>("region:bulk-7"))!.Figures.Count.ShouldBe(71, "the async daemon projected the copied events and the later append");
        (await session.Events.FetchStreamAsync("region:bulk-7")).Count.ShouldBe(72);
        await VerifyChainAsync(hubs, "region:bulk-7", 72);
    }

    [Fact]
    public async Task a_bulk_import_onto_a_stream_another_writer_moved_is_redecided_and_chains_onto_the_new_head()
    {
        var clock = new FakeClock(Start);
        await using var hubs = await HubsTestStore.CreateAsync("bulk-conflict", o => o.TimeProvider = clock);
        hubs.Commands.BulkThreshold = 10;
        await hubs.Commands.SendBatchAsync(Registrations(5), Ctx.New());
        var other = new HubsCommands(hubs.Store, new HubsOptions { TimeProvider = clock });
        await other.SendAsync(new ReportRdIntensity("bulk-0", 1999, 2m, null, null, new DateOnly(2000, 5, 1), "NBS"), Ctx.New());

        var result = await hubs.Commands.SendBatchAsync(Reports(5, 2000, 4).ToArray(), Ctx.New());

        result.Streams.ShouldContain(new StreamVersion("region:bulk-0", 6));
        await VerifyChainAsync(hubs, "region:bulk-0", 6);
        (await hubs.ScalarAsync<long>("select count(*) from mt_events where stream_id = 'region:bulk-0'")).ShouldBe(6);
    }

    [Fact]
    public async Task the_copy_path_skips_only_the_foreign_key_check_and_never_a_trigger_someone_added_to_mt_events()
    {
        await using var hubs = await HubsTestStore.CreateAsync("bulk-trigger", o => o.TimeProvider = new FakeClock(Start));
        hubs.Commands.BulkThreshold = 1;
        // As a superuser the COPY runs in session_replication_role = replica (no per-row FK check): that would also silence
        // ordinary triggers, so the writer must notice this one and keep the role.
        await hubs.ExecuteAsync($"""
            create table {hubs.Schema}.copied (n bigint not null);
            insert into {hubs.Schema}.copied values (0);
            create function {hubs.Schema}.count_copied() returns trigger language plpgsql as
                'begin update {hubs.Schema}.copied set n = n + 1; return null; end';
            create trigger count_copied after insert on {hubs.Schema}.mt_events for each row execute function {hubs.Schema}.count_copied();
            """);

        await hubs.Commands.SendBatchAsync([.. Registrations(10), .. Reports(10, 2000, 2)], Ctx.New());

        (await hubs.ScalarAsync<long>("select n from copied")).ShouldBe(30, "every copied row fired the trigger");
    }

    /// <summary>Every row of a query over the store's schema, one line each (the tests that compare two stores' tables).</summary>
    internal static async Task<List<string>> RowsAsync(HubsTestStore store, string sql)
    {
        await using var conn = new NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"set search_path to {store.Schema}; {sql}", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "<null>" :
                reader.GetValue(i) is DateTime d ? d.ToString("O") : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

    private static async Task VerifyChainAsync(HubsTestStore store, string streamKey, int expected)
    {
        await using var conn = new NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            select stream_id, version, type, timestamp, user_name, headers->>'reason', headers->>'source', headers->>'commandId',
                   correlation_id, coalesce(causation_id, ''), data::text, headers->>'hash'
            from {store.Schema}.mt_events where stream_id = $1 order by version
            """, conn) { Parameters = { new() { Value = streamKey } } };
        await using var reader = await cmd.ExecuteReaderAsync();
        var previous = "";
        var count = 0;
        while (await reader.ReadAsync())
        {
            var link = new ChainLink(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9),
                reader.GetString(10), previous);
            previous = reader.GetString(11);
            HashChain.Compute(link).ShouldBe(previous, $"the stored hash of version {link.Version} recomputes");
            count++;
        }
        count.ShouldBe(expected);
    }
}
