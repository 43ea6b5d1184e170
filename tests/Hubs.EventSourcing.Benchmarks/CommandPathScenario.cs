using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Commanding;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Storage;
using Marten;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>
/// Item 1: the library's batch command path against raw Marten appends of the same events with the same batching, and the
/// cost of each layer the library adds.
/// </summary>
internal static class CommandPathScenario
{
    public static async Task RunAsync(Bench bench)
    {
        var (streams, perStream, batchSize) = bench.Short ? (100, 20, 100) : (1_000, 100, 1_000);
        var batches = Workload.Batches(streams, perStream, batchSize);
        var events = streams * perStream;
        var raw = batches.Select(b => b.Select(c => (Key: Workload.StreamOf(c), Event: Workload.EventOf(c))).ToArray()).ToList();

        var times = await bench.BestOfAsync(
            rep => RawMartenAsync($"raw_{rep}", raw, withMetadata: false),
            rep => RawMartenAsync($"rawmeta_{rep}", raw, withMetadata: true),
            rep => LibraryAsync($"libappend_{rep}", batches, int.MaxValue),
            rep => LibraryAsync($"lib_{rep}", batches, threshold: null));
        var (rawMs, rawMetaMs, libAppendMs, libMs) = (times[0], times[1], times[2], times[3]);
        double Rate(double ms) => events / (ms / 1000);

        var setup = $"{events:N0} events, {streams:N0} streams, batches of {batchSize:N0}";
        bench.Report.Add(new ResultRow("1", $"library SendBatchAsync (default: batches ≥ 1,000 events take the COPY path) {Report.Rate(Rate(libMs))}",
            $"raw Marten Append+SaveChanges {Report.Rate(Rate(rawMs))}", rawMs / libMs, "≥ 0.90", 0.90));
        bench.Report.Add(new ResultRow("1", $"library SendBatchAsync forced onto Marten's append {Report.Rate(Rate(libAppendMs))}",
            $"raw Marten {Report.Rate(Rate(rawMs))}", rawMs / libAppendMs, "(info)"));
        bench.Report.Add(new ResultRow("1", $"layer: metadata in the database (correlation, user, 4 headers incl. hash) — raw Marten with it {Report.Rate(Rate(rawMetaMs))}",
            $"raw Marten without {Report.Rate(Rate(rawMs))}", rawMs / rawMetaMs, "(info)"));

        AddLayers(bench, batches, events, libAppendMs);
        bench.Report.Note($"Item 1 workload: {setup}; each variant in its own fresh schema, best of {bench.Repetitions}.");
    }

    /// <summary>Item 1's layer rows alone (<c>--only 1l</c>): client CPU per event, no database, for development runs.</summary>
    public static Task LayersAsync(Bench bench)
    {
        var (streams, perStream, batchSize) = bench.Short ? (100, 20, 100) : (1_000, 100, 1_000);
        AddLayers(bench, Workload.Batches(streams, perStream, batchSize), streams * perStream, appendPathMs: null);
        return Task.CompletedTask;
    }

    private static void AddLayers(Bench bench, List<IHubsCommand[]> batches, int events, double? appendPathMs)
    {
        foreach (var (name, ms) in MeasureLayers(batches))
            bench.Report.Add(new ResultRow("1", $"layer: {name} {Report.Ms(ms)} for {events:N0} events ({ms * 1000 / events:0.00} µs/event" +
                (appendPathMs is { } run ? $", {ms / run:P0} of the append-path run)" : ")"), "", null, "(info)"));
    }

    private static async Task<double> RawMartenAsync(string name, List<(string Key, object Event)[]> batches, bool withMetadata)
    {
        await using var store = await Bench.StoreAsync("1_" + name);
        var hash = new string('a', 64);
        return await Bench.TimeAsync(async () =>
        {
            foreach (var batch in batches)
            {
                await using var session = store.Store.LightweightSession();
                if (withMetadata)
                {
                    session.CorrelationId = Guid.NewGuid().ToString();
                    session.LastModifiedBy = "bench:harness";
                }
                foreach (var (key, e) in batch)
                {
                    var action = session.Events.Append(key, e);
                    if (!withMetadata) continue;
                    var stored = action.Events[^1];
                    stored.SetHeader("reason", "benchmark");
                    stored.SetHeader("source", "synthetic series");
                    stored.SetHeader("commandId", Guid.NewGuid().ToString());
                    stored.SetHeader("hash", hash);
                }
                await session.SaveChangesAsync();
            }
        });
    }

    private static async Task<double> LibraryAsync(string name, List<IHubsCommand[]> batches, int? threshold)
    {
        await using var store = await Bench.StoreAsync("1_" + name);
        if (threshold is { } t) store.Commands.BulkThreshold = t;
        return await Bench.TimeAsync(async () =>
        {
            foreach (var batch in batches)
                await store.Commands.SendBatchAsync(batch, Bench.Context());
        });
    }

    /// <summary>
    /// The CPU cost of each layer the library adds, on the same commands, single-threaded, no database: validation, the
    /// decision (plan, decide, evolve), and the hash chain split into its three steps. Each step runs batch by batch as a
    /// streamed import runs it, and is timed as the best of three passes after an untimed one (the first passes pay for JIT
    /// tiering, whose share moved the single-pass figures by a factor of several with the machine's load).
    /// </summary>
    private static List<(string, double)> MeasureLayers(List<IHubsCommand[]> batches)
    {
        var commands = batches.SelectMany(b => b).ToArray();
        // The library's own serializer settings, built the way the store builds them.
        var opts = new StoreOptions();
        HubsStoreConfiguration.Apply(opts, new HubsOptions());
        var serializer = opts.Serializer();

        // The process's own warm-up (its JIT backlog from starting the store) landed on whichever step ran first, for several
        // passes: every step of both validation paths and the decision once, untimed, before any is timed.
        for (var warm = 0; warm < 3; warm++)
        {
            foreach (var batch in batches) ValidateBatch(batch);
            foreach (var c in commands) CommandRouting.ValidateFully(c);
            DecideAll(batches);
        }
        var validate = Best(() => { foreach (var batch in batches) ValidateBatch(batch); });
        // As every command was checked before the quick check: FluentValidation and the reflected text rule, the culture
        // switched per command.
        var validateFully = Best(() => { foreach (var c in commands) CommandRouting.ValidateFully(c); });
        List<(string Key, object Event)> produced = [];
        var decide = Best(() => produced = DecideAll(batches));
        var json = new string[produced.Count];
        var serialize = Best(() => { for (var i = 0; i < produced.Count; i++) json[i] = serializer.ToJson(produced[i].Event); });
        // The COPY path's steps: the jsonb text as UTF-8 into pooled blocks, hashed with the write's shared fields framed once.
        var canonical = new ReadOnlyMemory<byte>[produced.Count];
        using var arena = new PayloadArena();
        var canonicalize = Best(() => { for (var i = 0; i < json.Length; i++) canonical[i] = JsonbText.CanonicalizeUtf8(json[i], arena); });
        var frame = new LinkFrame(Bench.Epoch, "bench:harness", "benchmark", "synthetic series", "corr", "");
        var hashing = Best(() =>
        {
            var prev = "";
            for (var i = 0; i < canonical.Length; i++)
                prev = frame.Hash(produced[i].Key, i + 1, EventNames.Of(produced[i].Event.GetType()), "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
                    canonical[i].Span, prev, "");
        });
        // The same two steps as they were before the COPY path kept payloads as UTF-8 (a string per payload, every field framed
        // per event), measured here beside them, so their ratio does not depend on the machine's load between two runs.
        var canonicalText = new string[produced.Count];
        var canonicalizeString = Best(() => { for (var i = 0; i < json.Length; i++) canonicalText[i] = JsonbText.Canonicalize(json[i]); });
        var hashingString = Best(() =>
        {
            var prev = "";
            for (var i = 0; i < canonicalText.Length; i++)
                prev = HashChain.Compute(new ChainLink(produced[i].Key, i + 1, EventNames.Of(produced[i].Event.GetType()), Bench.Epoch, "bench:harness",
                    "benchmark", "synthetic series", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "corr", "", canonicalText[i], prev));
        });
        return
        [
            ("validation (shape rules: the quick check, FluentValidation for a command it does not pass)", validate),
            ("(before, same run) validation through FluentValidation for every command (CommandRouting.ValidateFully)", validateFully),
            ("decision (plan, decide, evolve state)", decide),
            ("hash chain: serialize payload (the COPY path stores its jsonb text; Marten's append serializes it again)", serialize),
            ("hash chain: reproduce jsonb text, UTF-8 into pooled blocks (JsonbText.CanonicalizeUtf8)", canonicalize),
            ("hash chain: SHA-256 over the length-prefixed fields (LinkFrame: shared fields framed once)", hashing),
            ("(before, same run) reproduce jsonb text as a string (JsonbText.Canonicalize)", canonicalizeString),
            ("(before, same run) SHA-256 with every field framed per event (HashChain.Compute, as verify does)", hashingString),
        ];
    }

    /// <summary>Shape rules, as a streamed import's check runs them on a range of a chunk: in the message culture once.</summary>
    private static void ValidateBatch(IHubsCommand[] batch) =>
        MessageCulture.Run(static b =>
        {
            foreach (var c in b) CommandRouting.Validate(c);
            return 0;
        }, batch);

    /// <summary>
    /// Plans and decides every batch in order, as a streamed import does (its heads running from batch to batch), on one
    /// thread; returns each event with its stream.
    /// </summary>
    private static List<(string Key, object Event)> DecideAll(List<IHubsCommand[]> batches)
    {
        var heads = new Dictionary<string, StreamHead>(StringComparer.Ordinal);
        var produced = new List<(string Key, object Event)>(batches.Sum(b => b.Length));
        var offset = 0;
        foreach (var batch in batches)
        {
            var plans = new CommandPlan[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                plans[i] = CommandRouting.Plan(batch[i]);
                foreach (var key in plans[i].Streams) heads.TryAdd(key, StreamHead.Empty(key));
            }
            var (writes, violations) = CommandDecisions.Decide(plans, offset, single: false, heads, Guid.Empty, checkpointInterval: 0,
                parallelThreshold: int.MaxValue, DateOnly.MaxValue);
            if (violations.Count > 0) throw new CommandRejectedException(violations);
            foreach (var w in writes)
            {
                heads[w.Head.Key] = w.Head with { State = w.State, Version = w.Head.Version + w.Events.Count };
                foreach (var e in w.Events) produced.Add((w.Head.Key, e));
            }
            offset += batch.Length;
        }
        return produced;
    }

    /// <summary>One untimed pass, then the best of three: under load the first two passes still ran partly unoptimised code.</summary>
    private static double Best(Action pass)
    {
        pass();
        return Enumerable.Range(0, 3).Min(_ => Bench.Time(pass));
    }
}
