using Hubs.EventSourcing.Regions;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 7 (docs/versioning.md): what upcasting costs a fold. Two streams of the same 100,000 events (a registration, then
/// region targets set again and again): one as written today (<c>region_target_set_v2</c>, <c>"metric": "rd-intensity"</c>),
/// one turned into release 0.1.0's stored form in SQL (<c>region_target_set</c>, <c>"metric": "RdIntensity"</c>), which every
/// read upcasts. Each is folded from version 1 through the library (<see cref="HubsAudit.StateAsync"/> with fullReplay) and
/// through Marten's live aggregation; the ratio is the old form's speed over the new form's.
/// </summary>
internal static class UpcastScenario
{
    public static async Task RunAsync(Bench bench)
    {
        var events = bench.Short ? 3_000 : 100_000;
        await using var store = await Bench.StoreAsync("upcast");
        var (current, old) = (Keys.Region("bench-current"), Keys.Region("bench-old"));
        var loadMs = await Bench.TimeAsync(async () =>
        {
            foreach (var id in new[] { "bench-current", "bench-old" })
                foreach (var batch in TargetStream(id, events).Chunk(10_000))
                    await store.Commands.SendBatchAsync(batch, Bench.Context("upcast stream"));
        });
        // The old form as 0.1.0 stored it, then sealed again: folds leave out an event whose hash no longer matches.
        var rewritten = await store.ExecuteAsync($"""
            update mt_events set type = 'region_target_set', data = jsonb_set(data, '{"{metric}"}', '"RdIntensity"')
                where stream_id = '{old}' and type = 'region_target_set_v2';
            update mt_events set type = 'region_registered', data = jsonb_set(data, '{"{kind}"}', '"Province"')
                where stream_id = '{old}' and type = 'region_registered_v2';
            """);
        if (rewritten != events) throw new InvalidOperationException($"Rewrote {rewritten} events into the old form, expected {events}.");
        await store.ExecuteAsync($"delete from mt_doc_hubs_checkpoint where data->>'streamKey' = '{old}'; analyze mt_events");
        var audit = store.Services.GetRequiredService<HubsAudit>();
        await ResealAsync(store, audit, old);
        async Task<double> FoldAsync(string key) => await Bench.TimeAsync(async () =>
        {
            var s = await audit.StateAsync(key, fullReplay: true);
            if (s!.Version != events || ((Region)s.State).Target is null) throw new InvalidOperationException($"{key}: not the folded state");
        });
        async Task<double> AggregateAsync(string key) => await Bench.TimeAsync(async () =>
        {
            await using var session = store.Store.QuerySession();
            var s = await session.Events.AggregateStreamAsync<Region>(key);
            if (s!.Target is null) throw new InvalidOperationException($"{key}: Marten's aggregate has no target");
        });
        // Each fold takes about a second: three rounds of the harness's best-of, interleaved, so drift on a shared machine
        // hits both forms alike.
        var times = Enumerable.Repeat(double.MaxValue, 4).ToArray();
        for (var round = 0; round < (bench.Short ? 1 : 3); round++)
        {
            var best = await bench.BestOfAsync(_ => FoldAsync(current), _ => FoldAsync(old), _ => AggregateAsync(current), _ => AggregateAsync(old));
            for (var i = 0; i < times.Length; i++) times[i] = Math.Min(times[i], best[i]);
        }
        var rate = (double ms) => Report.Rate(events / (ms / 1000));
        bench.Report.Add(new ResultRow("7", $"fold of a {events:N0}-event stream stored in 0.1.0's form, every event upcast (HubsAudit.StateAsync, fullReplay) {rate(times[1])}",
            $"the same fold of the same events stored in today's form {rate(times[0])}", times[0] / times[1], "(info: the cost of upcasting)"));
        bench.Report.Add(new ResultRow("7", $"Marten AggregateStreamAsync<Region> over the 0.1.0 form (Marten's upcast) {rate(times[3])}",
            $"over today's form {rate(times[2])}", times[2] / times[3], "(info)"));
        bench.Report.Note($"Item 7 streams: 2 × {events:N0} events (a registration, then region targets) written through SendBatchAsync in {loadMs / 1000:0.0} s; " +
                          "one rewritten in SQL into 0.1.0's stored names and enum spelling.");
    }

    /// <summary>Recomputes the hash chain of a stream rewritten in SQL, as 0.1.0 sealed its own events.</summary>
    private static async Task ResealAsync(Hubs.EventSourcing.Testing.HubsTestStore store, HubsAudit audit, string key)
    {
        var (versions, hashes, previous) = (new List<long>(), new List<string>(), "");
        await foreach (var e in audit.HistoryAsync(key))
        {
            previous = e.ComputeHash(previous);
            versions.Add(e.Version);
            hashes.Add(previous);
        }
        await using var conn = new Npgsql.NpgsqlConnection(store.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand($"""
            update {store.Schema}.mt_events e set headers = jsonb_set(e.headers, '{"{hash}"}', to_jsonb(h.hash))
            from unnest($1::bigint[], $2::text[]) as h(version, hash) where e.stream_id = $3 and e.version = h.version
            """, conn) { Parameters = { new() { Value = versions.ToArray() }, new() { Value = hashes.ToArray() }, new() { Value = key } } };
        await cmd.ExecuteNonQueryAsync();
    }

    private static IEnumerable<IHubsCommand> TargetStream(string id, int events)
    {
        yield return new RegisterRegion(id, "Upcast bench region", RegionKind.Province);
        // Consecutive targets always differ (an identical target records nothing).
        for (var i = 0; i < events - 1; i++)
            yield return new SetRegionTarget(id, 1m + i % 500 / 100m, 2030 + i % 2);
    }
}
