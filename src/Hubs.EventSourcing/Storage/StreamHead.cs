using System.Collections.Concurrent;
using Hubs.EventSourcing.Auditing;
using JasperFx.Events;
using Marten;
using Marten.Events.Archiving;

namespace Hubs.EventSourcing.Storage;

/// <summary>What a writer needs of a stream: its folded state, version, last hash and last recorded-at.</summary>
internal sealed record StreamHead(string Key, object? State, long Version, string LastHash, DateTimeOffset LastTimestamp)
{
    /// <summary>
    /// Known to be covered by a valid signature of the writer's key: signed by this process, or checked once
    /// (<see cref="HeadSigner"/>). Heads read from the store start unknown.
    /// </summary>
    public bool Signed { get; init; }

    public static StreamHead Empty(string key) => new(key, null, 0, "", DateTimeOffset.MinValue);

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
