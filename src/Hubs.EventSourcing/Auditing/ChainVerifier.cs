using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Auditing;

/// <summary>An event whose hash must equal the one recomputed over its fields chained to <see cref="PreviousHash"/>.</summary>
internal readonly record struct HashCheck(AuditedEvent Event, string PreviousHash);

/// <summary>
/// Recomputes every stream's hash chain from events fed in global sequence order (one pass, one small state per stream),
/// then checks Marten's stream records and, optionally, a digest saved earlier. The bookkeeping is sequential; the
/// hashing, which costs more than reading an event, runs in batches on other cores while reading goes on. Streams the library
/// does not own (other applications' in a shared store) are only counted: they are outside its chains. On its own streams,
/// an event it did not seal (another type, or no hash) is a break: that is what an append behind its back looks like.
/// </summary>
internal sealed class ChainVerifier
{
    public const int BatchSize = 2048;

    private readonly Dictionary<string, Tail> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamDigest>? _expected;
    private readonly Digest? _expectedDigest;
    private readonly List<ChainBreak> _breaks = [];
    private readonly SortedDictionary<string, long> _unowned = new(Utf8Order.Instance);
    private long _events;
    private long _highestSequence;
    private List<HashCheck> _batch = new(BatchSize);

    public ChainVerifier(Digest? expected)
    {
        _expectedDigest = expected;
        _expected = expected?.Streams.ToDictionary(s => s.StreamKey, StringComparer.Ordinal);
    }

    /// <summary>
    /// Reads events, then stream records, with at most a few batches of hashing in flight (bounded memory).
    /// <paramref name="records"/> is started only after the last event, so both can share one connection.
    /// </summary>
    public static async Task<VerificationReport> RunAsync(Digest? expected, IAsyncEnumerable<AuditedEvent> events,
        Func<IAsyncEnumerable<(string StreamKey, long Version)>> records, DateTimeOffset now, CancellationToken ct)
    {
        var verifier = new ChainVerifier(expected);
        var inFlight = new Queue<Task<List<ChainBreak>>>();
        var limit = Math.Max(2, Environment.ProcessorCount);
        await foreach (var e in events.WithCancellation(ct).ConfigureAwait(false))
        {
            if (verifier.Add(e) is not { } batch) continue;
            if (inFlight.Count >= limit) verifier._breaks.AddRange(await inFlight.Dequeue().ConfigureAwait(false));
            inFlight.Enqueue(Task.Run(() => Check(batch), ct));
        }
        while (inFlight.Count > 0) verifier._breaks.AddRange(await inFlight.Dequeue().ConfigureAwait(false));
        await foreach (var (key, version) in records().WithCancellation(ct).ConfigureAwait(false))
            verifier.AddStreamRecord(key, version);
        return verifier.Finish(now);
    }

    /// <summary>Recomputes a batch of hashes; thread-safe.</summary>
    public static List<ChainBreak> Check(List<HashCheck> batch)
    {
        var breaks = new List<ChainBreak>();
        foreach (var (e, previous) in batch)
        {
            var recomputed = e.ComputeHash(previous);
            if (!string.Equals(recomputed, e.Hash, StringComparison.Ordinal))
                breaks.Add(new ChainBreak(e.StreamKey, e.Version, BreakKind.HashMismatch,
                    $"stored hash '{Short(e.Hash)}' but the stored fields chained to version {e.Version - 1} give '{Short(recomputed)}': " +
                    "a covered field (payload, type, recorded-at or metadata) or the hash was changed"));
        }
        return breaks;
    }

    /// <summary>Takes an event in sequence order; returns a full batch of hash checks for the caller to run.</summary>
    public List<HashCheck>? Add(AuditedEvent e)
    {
        if (!StoredEventReader.IsOwnedStream(e.StreamKey))
        {
            _unowned[e.StreamKey] = _unowned.GetValueOrDefault(e.StreamKey) + 1;
            return null;
        }
        _events++;
        if (e.Sequence > _highestSequence) _highestSequence = e.Sequence;
        if (!_streams.TryGetValue(e.StreamKey, out var tail))
            _streams[e.StreamKey] = tail = new Tail();
        if (_expected is not null && _expected.TryGetValue(e.StreamKey, out var saved) && saved.Version == e.Version)
            tail.HashAtExpectedVersion = e.Hash;

        List<HashCheck>? full = null;
        if (e.Version == tail.Version + 1)
        {
            if (!EventNames.IsOwned(e.EventType) || !EventSeal.IsSealed(e.Hash))
                Break(e.StreamKey, e.Version, BreakKind.UnsealedEvent, EventNames.IsOwned(e.EventType)
                    ? $"'{e.EventType}' at version {e.Version} carries no hash: it was appended without the library, so nothing seals it to the chain"
                    : $"'{e.EventType}' at version {e.Version} is not an event type of the library: it was appended to the library's stream without " +
                      "it (e.g. with a plain Marten session), so nothing seals it to the chain");
            else
                _batch.Add(new HashCheck(e, tail.Hash));
            if (_batch.Count >= BatchSize)
            {
                full = _batch;
                _batch = new List<HashCheck>(BatchSize);
            }
        }
        else if (e.Version > tail.Version + 1)
        {
            // Not yet a break: the missing versions may still come later in sequence order (then they are out of order).
            (tail.Gaps ??= []).Add((tail.Version + 1, e.Version - 1, e.Version));
        }
        else
        {
            var filled = tail.Gaps?.FindIndex(g => g.From <= e.Version && e.Version <= g.To) ?? -1;
            if (filled >= 0)
            {
                var g = tail.Gaps![filled];
                tail.Gaps.RemoveAt(filled);
                if (g.From < e.Version) tail.Gaps.Add((g.From, e.Version - 1, e.Version));
                if (e.Version < g.To) tail.Gaps.Add((e.Version + 1, g.To, g.Next));
            }
            Break(e.StreamKey, e.Version, BreakKind.OutOfOrder,
                $"version {e.Version} is stored at sequence {e.Sequence}, after version {tail.Version} (sequence {tail.Sequence}): " +
                "events were swapped or renumbered");
            return null;
        }
        tail.Version = e.Version;
        tail.Hash = e.Hash;
        tail.Sequence = e.Sequence;
        return full;
    }

    /// <summary>Compares a stream's record in <c>mt_streams</c> with its events; call after the last event.</summary>
    public void AddStreamRecord(string streamKey, long version)
    {
        if (!StoredEventReader.IsOwnedStream(streamKey)) return;
        if (!_streams.TryGetValue(streamKey, out var tail))
        {
            if (version > 0)
                Break(streamKey, 1, BreakKind.DeletedTail, $"the stream record says version {version} but no event of the stream is stored");
            return;
        }
        tail.HasRecord = true;
        if (version > tail.Version)
            Break(streamKey, tail.Version + 1, BreakKind.DeletedTail,
                $"the stream record says version {version} but the last stored event is version {tail.Version}: versions {tail.Version + 1}–{version} were deleted");
        else if (version < tail.Version)
            Break(streamKey, version + 1, BreakKind.StreamRecordMismatch,
                $"the stream record says version {version} but events up to version {tail.Version} are stored");
    }

    public VerificationReport Finish(DateTimeOffset now)
    {
        _breaks.AddRange(Check(_batch));
        _batch = [];
        foreach (var (key, tail) in _streams)
        {
            foreach (var g in tail.Gaps ?? [])
                Break(key, g.From, BreakKind.MissingEvents, g.From == g.To
                    ? $"version {g.From} is missing (the next stored version is {g.Next}); the chain cannot be checked across the gap"
                    : $"versions {g.From}–{g.To} are missing (the next stored version is {g.Next}); the chain cannot be checked across the gap");
            if (!tail.HasRecord)
                Break(key, 1, BreakKind.StreamRecordMismatch, $"events up to version {tail.Version} are stored but the stream has no record in Marten's stream table");
        }

        var digestBreaks = 0;
        if (_expectedDigest is not null)
        {
            var before = _breaks.Count;
            CompareWith(_expectedDigest);
            digestBreaks = _breaks.Count - before;
        }
        var digest = new Digest(_events, _highestSequence,
            _streams.Select(p => new StreamDigest(p.Key, p.Value.Version, p.Value.Hash)).ToList(), now);
        _breaks.Sort((a, b) =>
        {
            var byKey = Utf8Order.Instance.Compare(a.StreamKey, b.StreamKey);
            return byKey != 0 ? byKey : a.Version.CompareTo(b.Version);
        });
        return new VerificationReport(_events, _breaks, digest, _expectedDigest is null ? null : digestBreaks == 0)
        {
            StreamsOutsideChains = _unowned.Select(p => new UnownedStream(p.Key, p.Value)).ToList(),
        };
    }

    private void CompareWith(Digest expected)
    {
        foreach (var saved in expected.Streams)
        {
            if (!_streams.TryGetValue(saved.StreamKey, out var tail))
                Break(saved.StreamKey, 1, BreakKind.StreamRemoved,
                    $"the digest recorded this stream at version {saved.Version}; no event of it is stored any more");
            else if (tail.Version < saved.Version)
                Break(saved.StreamKey, tail.Version + 1, BreakKind.TailDeletedSinceDigest,
                    $"the digest recorded version {saved.Version}; the stream now ends at version {tail.Version}");
            else if (tail.HashAtExpectedVersion is null)
                Break(saved.StreamKey, saved.Version, BreakKind.HistoryRewritten,
                    $"the digest recorded version {saved.Version}, which is no longer stored");
            else if (!string.Equals(tail.HashAtExpectedVersion, saved.Hash, StringComparison.Ordinal))
                Break(saved.StreamKey, saved.Version, BreakKind.HistoryRewritten,
                    $"the digest recorded hash '{Short(saved.Hash)}' at version {saved.Version}; the store now has '{Short(tail.HashAtExpectedVersion)}': " +
                    "history up to that version was rewritten");
        }
        if (_events < expected.EventCount || _highestSequence < expected.HighestSequence)
            Break("", 0, BreakKind.TotalsDecreased,
                $"the digest recorded {expected.EventCount} events up to sequence {expected.HighestSequence}; " +
                $"the store now has {_events} up to sequence {_highestSequence}");
    }

    private void Break(string stream, long version, BreakKind kind, string detail) => _breaks.Add(new ChainBreak(stream, version, kind, detail));

    /// <summary>A hash shortened for a sentence: its first 12 characters.</summary>
    internal static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private sealed class Tail
    {
        public long Version;
        public string Hash = "";
        public long Sequence;
        public bool HasRecord;
        public string? HashAtExpectedVersion;
        public List<(long From, long To, long Next)>? Gaps;
    }
}
