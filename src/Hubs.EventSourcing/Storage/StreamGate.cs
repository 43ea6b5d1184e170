namespace Hubs.EventSourcing.Storage;

/// <summary>
/// Orders the writers of one command service per stream: a unit of work waits for the streams it writes instead of
/// racing another writer of this process for them and losing (a lost race costs a rollback, a re-read and a backoff,
/// and eight in a row give the command up). Writers in other processes are not seen here; the store's version check and
/// the retry rule still order those.
/// </summary>
/// <remarks>
/// Every key is taken in ordinal order, so two units sharing streams cannot each hold one the other waits for. An entry
/// lives only while some writer holds or awaits it: memory follows the streams in flight, not the streams ever written.
/// </remarks>
internal sealed class StreamGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    internal sealed class Entry
    {
        public readonly SemaphoreSlim Turn = new(1, 1);
        public int Users; // holders and waiters; guarded by the dictionary's lock
    }

    /// <summary>Streams with an entry now (held or awaited); for tests of the release rule.</summary>
    internal int Count
    {
        get { lock (_entries) return _entries.Count; }
    }

    /// <summary>Waits for the turn on every key (each once, in ordinal order); dispose the result to release them.</summary>
    /// <exception cref="OperationCanceledException">Cancelled while waiting; nothing is held.</exception>
    public async ValueTask<Lease> EnterAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var ordered = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var entries = new Entry[ordered.Length];
        lock (_entries)
        {
            for (var i = 0; i < ordered.Length; i++)
            {
                if (!_entries.TryGetValue(ordered[i], out var entry)) _entries.Add(ordered[i], entry = new Entry());
                entry.Users++;
                entries[i] = entry;
            }
        }

        var held = 0;
        try
        {
            for (; held < entries.Length; held++) await entries[held].Turn.WaitAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            Leave(ordered, entries, held);
            throw;
        }
        return new Lease(this, ordered, entries);
    }

    private void Leave(string[] keys, Entry[] entries, int held)
    {
        for (var i = held - 1; i >= 0; i--) entries[i].Turn.Release();
        lock (_entries)
        {
            for (var i = 0; i < keys.Length; i++)
                if (--entries[i].Users == 0) _entries.Remove(keys[i]);
            if (_entries.Count == 0 && _entries.EnsureCapacity(0) > 1_024) _entries.TrimExcess();
        }
    }

    /// <summary>The turn on a set of streams; disposing it lets the next writer of each in.</summary>
    internal sealed class Lease(StreamGate gate, string[] keys, Entry[] entries) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) gate.Leave(keys, entries, entries.Length);
        }
    }
}
