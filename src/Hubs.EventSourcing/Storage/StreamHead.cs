using System.Collections.Concurrent;
using Hubs.EventSourcing.Auditing;
using JasperFx.Events;
using Marten;
using Marten.Events.Archiving;

namespace Hubs.EventSourcing.Storage;

/// <summary>What a writer needs of a stream: its folded state, version, last hash and last recorded-at.</summary>
internal sealed record StreamHead(string Key, object? State, long Version, string LastHash, DateTimeOffset LastTimestamp)
{
    public static StreamHead Empty(string key) => new(key, null, 0, "", DateTimeOffset.MinValue);

    /// <summary>
    /// Heads of many streams with one query instead of one per stream (an import touching thousands of streams would
    /// otherwise pay a round trip for each). Events come through Marten, so upcasters still apply.
    /// </summary>
    public static async Task<Dictionary<string, StreamHead>> LoadManyAsync(IQuerySession session, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var events = await session.Events.QueryAllRawEvents()
            // Archived events too: the library never archives, and a flag set in the database must not drop an event from a fold.
            .Where(e => e.StreamKey!.IsOneOf(keys.ToArray()) && e.MaybeArchived())
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct).ConfigureAwait(false);
        var heads = new Dictionary<string, StreamHead>(keys.Count, StringComparer.Ordinal);
        foreach (var stream in events.GroupBy(e => e.StreamKey!, StringComparer.Ordinal))
        {
            var ordered = stream.OrderBy(e => e.Version).ToList();
            var last = ordered[^1];
            heads[stream.Key] = new StreamHead(stream.Key, AggregateKind.Of(stream.Key).Fold(ordered.Select(e => e.Data)), last.Version,
                HeaderText(last, HashChain.HashHeader), last.Timestamp);
        }
        foreach (var key in keys) heads.TryAdd(key, Empty(key));
        return heads;
    }

    public static string HeaderText(IEvent e, string key) =>
        e.Headers is { } h && h.TryGetValue(key, out var v) && v is not null ? v.ToString() ?? "" : "";
}

/// <summary>
/// A bounded cache of stream heads. Entries may be stale when another process writes: the version check at save time
/// catches that and the stream is re-read, so the cache only ever saves reads, never decides a write on its own.
/// </summary>
internal sealed class StreamHeadCache(int capacity)
{
    private readonly ConcurrentDictionary<string, StreamHead> _heads = new(StringComparer.Ordinal);

    public bool TryGet(string key, out StreamHead head)
    {
        if (capacity > 0 && _heads.TryGetValue(key, out var h)) { head = h; return true; }
        head = null!;
        return false;
    }

    public void Set(StreamHead head)
    {
        if (capacity <= 0) return;
        if (_heads.Count >= capacity) _heads.Clear();
        _heads[head.Key] = head;
    }

    public void Evict(string key) => _heads.TryRemove(key, out _);

    public void Clear() => _heads.Clear();
}
