using Hubs.EventSourcing.Diagnostics;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// Loads the heads (state, version, last hash) of the streams a send touches, from the bounded cache when allowed, else
/// from the store through <see cref="StateLoader"/>: a few streams with their checkpoints in one round trip, an import's
/// thousands of short streams in one query.
/// </summary>
internal sealed class HeadLoader(StateLoader loader, int cacheCapacity)
{
    private readonly StreamHeadCache _cache = new(cacheCapacity);

    /// <summary>Forgets these streams' cached heads (after a lost race, or before confirming a rejection).</summary>
    public void Evict(IEnumerable<string> keys)
    {
        foreach (var key in keys) _cache.Evict(key);
    }

    /// <summary>Keeps a head just written.</summary>
    public void Remember(StreamHead head) => _cache.Set(head);

    /// <summary>Every one of these streams' heads from the cache, with no read at all; false when any is not cached.</summary>
    public bool TryCached(string[] keys, out Dictionary<string, StreamHead> heads)
    {
        heads = new Dictionary<string, StreamHead>(keys.Length, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!_cache.TryGet(key, out var cached)) return false;
            heads[key] = cached;
        }
        return true;
    }

    public async Task<Dictionary<string, StreamHead>> LoadAsync(string[] keys, bool useCache, CancellationToken ct)
    {
        using var stage = HubsTelemetry.StartStage(HubsTelemetry.LoadSpan);
        var heads = new Dictionary<string, StreamHead>(keys.Length, StringComparer.Ordinal);
        var missing = new List<string>(keys.Length);
        foreach (var key in keys)
        {
            if (useCache && _cache.TryGet(key, out var cached)) heads[key] = cached;
            else missing.Add(key);
        }
        if (missing.Count == 0) return heads;

        // A few streams (a command): checkpoint and events of each in one round trip. Many (an import): which have checkpoints
        // (long streams, loaded one by one from theirs), then every other stream's events in a single query.
        var single = missing;
        if (missing.Count > SmallLoad)
        {
            var withCheckpoints = await loader.WithCheckpointsAsync(missing, ct).ConfigureAwait(false);
            single = missing.Where(withCheckpoints.Contains).ToList();
            var rest = missing.Where(k => !withCheckpoints.Contains(k)).ToList();
            foreach (var (key, head) in await loader.FoldManyAsync(rest, ct).ConfigureAwait(false))
                heads[key] = head;
        }
        for (var i = 0; i < single.Count; i += SmallLoad)
            foreach (var loaded in await loader.LoadManyAsync(single.Skip(i).Take(SmallLoad).ToList(), null, true, ct).ConfigureAwait(false))
                heads[loaded.Key] = loaded.ToHead();
        foreach (var key in missing) _cache.Set(heads[key]);
        return heads;
    }

    /// <summary>Streams loaded together with their checkpoints in one batch of statements.</summary>
    private const int SmallLoad = 16;
}
