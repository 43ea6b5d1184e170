using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.IntegrationTests.Extending;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;

namespace Hubs.EventSourcing.IntegrationTests.Storage;

/// <summary>
/// Marten's stream record (<c>mt_streams</c>) of a new stream is the same whichever write path created it — Marten's append
/// (single commands, small batches), the COPY path (large batches) or a streamed import — for a stream whose prefix is not
/// its state type's name (<c>rate:</c>, state <see cref="ExchangeRateSeries"/>) and for an application module's.
/// </summary>
public sealed class StreamRecordTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Paths = ["append", "copy", "import"];
    private static readonly Dictionary<string, string> Currency = new() { ["append"] = "USD", ["copy"] = "EUR", ["import"] = "JPY" };

    private static string RateKey(string path) => Keys.ExchangeRate(Currency[path]);
    private static string PatentKey(string path) => Patents.Key("sr-" + path);

    /// <summary>Two years of a rate and of a region's patents: two events on each of the path's two new streams.</summary>
    private static IHubsCommand[] Commands(string path) =>
    [
        new RecordExchangeRate(Currency[path], 2020, 7.1m, null, "PBOC"),
        new RecordExchangeRate(Currency[path], 2021, 7.2m, null, "PBOC"),
        new RecordPatentsGranted("sr-" + path, 2020, 10, "CNIPA"),
        new RecordPatentsGranted("sr-" + path, 2021, 11, "CNIPA"),
    ];

    private static async Task<HubsTestStore> WrittenThroughEveryPathAsync()
    {
        var hubs = await HubsTestStore.CreateAsync("stream-record", o =>
        {
            o.TimeProvider = new FakeClock(Start);
            o.AddModule(Patents.Module);
        });
        await hubs.Commands.SendBatchAsync(Paths.Select(p => (IHubsCommand)new RegisterRegion("sr-" + p, p, RegionKind.Province)).ToArray(), Ctx.New());

        hubs.Commands.BulkThreshold = int.MaxValue;
        foreach (var c in Commands("append"))
            (await hubs.Commands.SendAsync(c, Ctx.New())).Outcome.ShouldBe(CommandOutcome.Appended);

        hubs.Commands.BulkThreshold = 1;
        (await hubs.Commands.SendBatchAsync(Commands("copy"), Ctx.New())).Outcome.ShouldBe(CommandOutcome.Appended);

        // Chunks of one command: the import is streamed (several chunks copied in one transaction), not sent as a batch.
        hubs.Commands.ImportChunkSize = 1;
        var progress = new List<ImportProgress>();
        (await hubs.Commands.ImportAsync(Commands("import").ToAsyncEnumerable(), Ctx.New(), new SyncProgress<ImportProgress>(progress.Add)))
            .Outcome.ShouldBe(CommandOutcome.Appended);
        progress.ShouldContain(p => p.EventsWritten > 0, "the import went through the streamed path");
        return hubs;
    }

    [Fact]
    public async Task every_write_path_records_a_new_stream_as_martens_own_append_does()
    {
        await using var hubs = await WrittenThroughEveryPathAsync();

        foreach (var (kind, keyOf, state) in new (string, Func<string, string>, Type)[]
                 { ("rate", RateKey, typeof(ExchangeRateSeries)), ("module", PatentKey, typeof(RegionPatents)) })
        {
            var records = new Dictionary<string, string>();
            foreach (var path in Paths)
            {
                var rows = await BulkWriteTests.RowsAsync(hubs,
                    $"select type, version, tenant_id, coalesce(is_archived, false), timestamp >= created from mt_streams where id = '{keyOf(path)}'");
                records[path] = rows.ShouldHaveSingleItem($"the {kind} stream written by {path} has a stream record");
                var events = await BulkWriteTests.RowsAsync(hubs,
                    $"select version, type, tenant_id, mt_dotnet_type, is_archived, timestamp from mt_events where stream_id = '{keyOf(path)}' order by version");
                events.ShouldBe(await BulkWriteTests.RowsAsync(hubs,
                    $"select version, type, tenant_id, mt_dotnet_type, is_archived, timestamp from mt_events where stream_id = '{keyOf("append")}' order by version"),
                    $"the {kind} events written by {path} carry the same metadata as Marten's append writes");
            }
            records["copy"].ShouldBe(records["append"], $"the COPY path records a {kind} stream as Marten's append does");
            records["import"].ShouldBe(records["append"], $"a streamed import records a {kind} stream as Marten's append does");
            records["append"].ShouldStartWith(StreamTypeAlias(hubs.Store, state) + " | 2 | *DEFAULT* | False | True",
                customMessage: $"Marten's append records the {kind} stream under its state type's alias");
        }
    }

    [Fact]
    public async Task marten_reads_the_stream_state_and_aggregates_streams_written_by_every_path()
    {
        await using var hubs = await WrittenThroughEveryPathAsync();
        await using var session = hubs.Store.LightweightSession();

        foreach (var path in Paths)
        {
            var rate = (await session.Events.FetchStreamStateAsync(RateKey(path))).ShouldNotBeNull();
            (rate.AggregateType, rate.Version).ShouldBe((typeof(ExchangeRateSeries), 2L), $"Marten's stream state of the rate stream written by {path}");
            var patents = (await session.Events.FetchStreamStateAsync(PatentKey(path))).ShouldNotBeNull();
            (patents.AggregateType, patents.Version).ShouldBe((typeof(RegionPatents), 2L), $"Marten's stream state of the module's stream written by {path}");
        }
        foreach (var path in Paths)
        {
            (await session.Events.AggregateStreamAsync<RateYears>(RateKey(path))).ShouldNotBeNull($"Marten's live aggregation of the rate stream written by {path}")
                .Years.ShouldBe([2020, 2021]);
            (await session.Events.AggregateStreamAsync<PatentYears>(PatentKey(path))).ShouldNotBeNull($"Marten's live aggregation of the module's stream written by {path}")
                .Years.ShouldBe([2020, 2021]);
            var writing = await session.Events.FetchForWriting<RateYears>(RateKey(path));
            (writing.CurrentVersion, writing.Aggregate!.Years.Count).ShouldBe((2L, 2), $"Marten's FetchForWriting of the rate stream written by {path}");
        }
    }

    [Fact]
    public async Task a_stream_recorded_under_its_prefix_by_an_older_release_still_loads_verifies_and_takes_appends()
    {
        await using var hubs = await WrittenThroughEveryPathAsync();
        // What the COPY path of 0.1.0 and 0.2.0 previews stored: the prefix, which Marten does not know as an aggregate alias.
        (await hubs.ExecuteAsync($"update mt_streams set type = 'rate' where id = '{RateKey("copy")}'")).ShouldBe(1);
        (await hubs.ExecuteAsync($"update mt_streams set type = 'patent-grants' where id = '{PatentKey("copy")}'")).ShouldBe(1);

        (await hubs.Queries.GetStateAsync<ExchangeRateSeries>(RateKey("copy"))).ShouldNotBeNull().Rates.Count.ShouldBe(2);
        (await hubs.Queries.GetStateAsync<RegionPatents>(PatentKey("copy"))).ShouldNotBeNull().Total.ShouldBe(21);
        (await hubs.Audit.VerifyAsync()).Breaks.ShouldBeEmpty("mt_streams.type is Marten's bookkeeping: verify neither reads nor reports it");
        (await hubs.Commands.SendAsync(new RecordExchangeRate("EUR", 2022, 7.3m, null, "PBOC"), Ctx.New())).Streams
            .ShouldBe([new StreamVersion(RateKey("copy"), 3)]);
        await using var session = hubs.Store.LightweightSession();
        (await session.Events.FetchStreamStateAsync(RateKey("copy"))).ShouldNotBeNull().AggregateType
            .ShouldBeNull("Marten cannot map the old value back to a type: the one thing such a stream lacks (docs/operations.md)");
    }

    /// <summary>What Marten's own append stores in <c>mt_streams.type</c> for a stream started as <paramref name="state"/>.</summary>
    private static string StreamTypeAlias(IDocumentStore store, Type state) =>
        ((Marten.Events.EventGraph)store.Options.Events).AggregateAliasFor(state);
}

// Marten self-aggregates over the two streams: the library's own states fold in the library (ExchangeRateSeries has a required
// member, RegionPatents no Apply methods), so Marten's source generator declines them; these show Marten aggregates the rows.

/// <summary>The years a rate stream recorded, folded by Marten.</summary>
public sealed class RateYears
{
    public List<int> Years { get; set; } = [];
    public static RateYears Create(ExchangeRateRecorded e) => new() { Years = [e.Year] };
    public void Apply(ExchangeRateRecorded e) => Years.Add(e.Year);
}

/// <summary>The years a patents stream recorded, folded by Marten.</summary>
public sealed class PatentYears
{
    public List<int> Years { get; set; } = [];
    public static PatentYears Create(Extending.PatentsGranted e) => new() { Years = [e.Year] };
    public void Apply(Extending.PatentsGranted e) => Years.Add(e.Year);
}
