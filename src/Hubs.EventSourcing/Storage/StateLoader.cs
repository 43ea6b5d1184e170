using System.Data;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.EventLog;
using Hubs.EventSourcing.Integrity;
using Marten;
using Npgsql;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The one place a single stream's state is folded from the store (command heads, queries, audit time travel): the latest
/// checkpoint at or before the point and the events after it, in one round trip. A checkpoint is used only when the stored
/// event at its version carries its anchor hash and, in that hash's covered headers, the seal of exactly its state text
/// (<see cref="HashChain.CheckpointHeader"/>): a checkpoint edited in the database, one whose history was rewritten, or one
/// written before seals existed is refused (counted in <see cref="RefusedCheckpoints"/>) and the whole stream folded instead,
/// so no command or read ever decides on a state the chain did not seal.
/// </summary>
internal sealed class StateLoader
{
    private readonly IDocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly StoredEventReader _reader;
    private readonly string _eventSchema;
    private volatile bool _tableReady;

    public StateLoader(IDocumentStore store, StoredEventReader reader)
    {
        _store = store;
        _serializer = store.Options.Serializer();
        _reader = reader;
        _eventSchema = store.Options.Events.DatabaseSchemaName;
    }

    /// <summary>The schema of the store's documents (checkpoints, processed commands).</summary>
    public string DocumentSchema => _store.Options.DatabaseSchemaName;

    /// <summary>The reader of stored events this loader folds with (shared by the facades of one store).</summary>
    public StoredEventReader Reader => _reader;

    private long _refused;

    /// <summary>How many checkpoints this loader found and refused since it was created.</summary>
    public long RefusedCheckpoints => Interlocked.Read(ref _refused);

    /// <summary>
    /// Creates the event tables and the checkpoint table if Marten has not yet: this raw SQL may be the first thing a new store
    /// runs (a command's head load), before any Marten operation that would create them.
    /// </summary>
    public async Task EnsureTableAsync(CancellationToken ct)
    {
        if (_tableReady) return;
        await _reader.EnsureEventTablesAsync(ct).ConfigureAwait(false);
        await SchemaLock.RunAsync(_store, () => _store.Storage.Database.EnsureStorageExistsAsync(typeof(StateCheckpoint), ct), ct)
            .ConfigureAwait(false);
        _tableReady = true;
    }

    // stateText: the state as StateText gives it, the text whose seal the event at the version carries.
    public StateCheckpoint ToDocument(string key, long version, DateTimeOffset recordedAt, string hash, string stateText) => new()
    {
        Id = StateCheckpoint.IdOf(key, version), StreamKey = key, Version = version, RecordedAt = recordedAt, Hash = hash,
        State = stateText, StateVersion = HubsModel.Of(key).StateVersion,
    };

    public object ReadState(string key, string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return _serializer.FromJson(HubsModel.Of(key).StateType, stream);
    }

    /// <summary>Canonical text of a state, to compare a checkpoint with a fold.</summary>
    public string StateText(object state) => _serializer.ToJson(state);

    /// <param name="key">The stream.</param>
    /// <param name="at">Where to stop (inclusive), or null for the end.</param>
    /// <param name="useCheckpoints">False to fold every event from version 1 (what an auditor may insist on).</param>
    /// <param name="ct">Stops the read.</param>
    public async Task<LoadedState> LoadAsync(string key, StatePoint? at, bool useCheckpoints, CancellationToken ct) =>
        (await LoadManyAsync([key], at, useCheckpoints, ct).ConfigureAwait(false))[0];

    /// <summary>Several streams' states in one round trip (plus one per stream whose checkpoint turned out stale).</summary>
    public async Task<LoadedState[]> LoadManyAsync(IReadOnlyList<string> keys, StatePoint? at, bool useCheckpoints, CancellationToken ct)
    {
        await EnsureTableAsync(ct).ConfigureAwait(false);
        await using var conn = await _reader.OpenAsync(ct).ConfigureAwait(false);
        var read = await ReadAsync(conn, keys, at, useCheckpoints, ct).ConfigureAwait(false);
        var loaded = new LoadedState[read.Length];
        for (var i = 0; i < read.Length; i++)
        {
            if (read[i].Loaded is { } ok) loaded[i] = ok;
            else
            {
                Interlocked.Increment(ref _refused);
                loaded[i] = (await ReadAsync(conn, [keys[i]], at, useCheckpoints: false, ct).ConfigureAwait(false))[0].Loaded!
                    with { RefusedCheckpointVersion = read[i].Refused };
            }
        }
        return loaded;
    }

    /// <returns>For each key, the state, or null with the version of the checkpoint found when it does not match the chain.</returns>
    private async Task<(LoadedState? Loaded, long? Refused)[]> ReadAsync(NpgsqlConnection conn, IReadOnlyList<string> keys, StatePoint? at, bool useCheckpoints,
        CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn);
        foreach (var key in keys) AddStatements(batch, key, at, useCheckpoints);
        await using var reader = await batch.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        var results = new (LoadedState?, long?)[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync(ct).ConfigureAwait(false);
            results[i] = await ReadOneAsync(reader, keys[i], useCheckpoints, ct).ConfigureAwait(false);
        }
        return results;
    }

    private void AddStatements(NpgsqlBatch batch, string key, StatePoint? at, bool useCheckpoints)
    {
        var eventFilter = "stream_id = $1";
        var checkpointFilter = $"data->>'streamKey' = $1 and {StateCheckpoint.OfCurrentShape(key)}";
        var parameters = new List<object> { key };
        if (at?.Version is { } v)
        {
            parameters.Add(v);
            eventFilter += $" and version <= ${parameters.Count}";
            checkpointFilter += $" and (data->>'version')::bigint <= ${parameters.Count}";
        }
        if (at?.Instant is { } t)
        {
            parameters.Add(HashChain.ToMicroseconds(t));
            eventFilter += $" and timestamp <= ${parameters.Count}";
            // Recorded-at never decreases along a stream (HubsCommands), so everything up to a checkpoint recorded at or
            // before the instant is included in the state at the instant.
            checkpointFilter += $" and (data->>'recordedAt')::timestamptz <= ${parameters.Count}";
        }
        if (useCheckpoints)
        {
            batch.BatchCommands.Add(Command(EventLogSql.LatestCheckpoint(DocumentSchema, checkpointFilter), parameters));
            eventFilter += $" and version >= coalesce({EventLogSql.CheckpointFloor(DocumentSchema, checkpointFilter)}, 1)";
        }
        batch.BatchCommands.Add(Command(EventLogSql.StreamEvents(_eventSchema, eventFilter), parameters));
    }

    /// <summary>Consumes one stream's result sets (checkpoint, then events), leaving the reader on the last of them.</summary>
    private async Task<(LoadedState?, long?)> ReadOneAsync(NpgsqlDataReader reader, string key, bool useCheckpoints, CancellationToken ct)
    {
        (string State, long Version, string Hash)? checkpoint = null;
        if (useCheckpoints)
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
                checkpoint = (reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
            await reader.NextResultAsync(ct).ConfigureAwait(false);
        }

        var kind = HubsModel.Of(key);
        object? state = null;
        long version = 0;
        var hash = "";
        var recordedAt = DateTimeOffset.MinValue;
        var anchored = checkpoint is null;
        ChainGate? gate = null;
        List<ChainBreak>? skipped = null;
        AuditedEvent? previous = null;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var e = previous = StoredEventReader.Row(reader, previous);
            (version, recordedAt, hash) = (e.Version, e.RecordedAt, e.Hash);
            if (gate is null && checkpoint is { } cp)
            {
                anchored = version == cp.Version && string.Equals(hash, cp.Hash, StringComparison.Ordinal)
                           && e.CheckpointSeal.Length > 0 && string.Equals(e.CheckpointSeal, HashChain.StateSeal(cp.State), StringComparison.Ordinal);
                if (anchored) state = ReadState(key, cp.State);
                // The events after the checkpoint chain on from the hash it is anchored to.
                gate = new ChainGate(version, hash);
                continue;
            }
            gate ??= new ChainGate();
            if (!anchored) continue;
            if (_reader.ToFoldableData(e, gate, out var refused) is { } data) state = kind.Evolve(state, data);
            if (refused is not null) (skipped ??= []).Add(refused);
        }
        // A checkpoint whose event is gone, carries another hash (a rewritten or recreated stream) or another seal (an edited
        // checkpoint) is not used.
        if (!anchored) return (null, checkpoint?.Version);
        return (new LoadedState(key, state, version, hash, recordedAt, checkpoint?.Version) { Skipped = (IReadOnlyList<ChainBreak>?)skipped ?? [] }, null);
    }

    private static NpgsqlBatchCommand Command(string sql, List<object> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command;
    }

    /// <summary>
    /// The current state of many short streams (no checkpoints) with one query instead of one per stream: an import touching
    /// thousands of streams would otherwise pay a round trip for each. Streams with no event come back empty.
    /// </summary>
    public async Task<Dictionary<string, StreamHead>> FoldManyAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        await EnsureTableAsync(ct).ConfigureAwait(false);
        await using var conn = await _reader.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(EventLogSql.EventsOfStreams(_eventSchema), conn)
        {
            Parameters = { new NpgsqlParameter { Value = keys.ToArray() } },
        };
        var heads = new Dictionary<string, StreamHead>(keys.Count, StringComparer.Ordinal);
        await using (var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false))
        {
            HubsModule? kind = null;
            object? state = null;
            StreamHead? head = null;
            ChainGate gate = new();
            AuditedEvent? previous = null;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var e = StoredEventReader.Row(reader, previous);
                if (!string.Equals(e.StreamKey, previous?.StreamKey, StringComparison.Ordinal))
                {
                    if (head is not null) heads[head.Key] = head;
                    (kind, state, gate) = (HubsModel.Of(e.StreamKey), null, new ChainGate());
                }
                previous = e;
                if (_reader.ToFoldableData(e, gate, out _) is { } data) state = kind!.Evolve(state, data);
                head = new StreamHead(e.StreamKey, state, e.Version, e.Hash, e.RecordedAt);
            }
            if (head is not null) heads[head.Key] = head;
        }
        foreach (var k in keys) heads.TryAdd(k, StreamHead.Empty(k));
        return heads;
    }

    /// <summary>Every stream of one kind, as recorded in <c>mt_streams</c>, ordered by key.</summary>
    public async Task<List<string>> KeysOfAsync(HubsModule kind, CancellationToken ct)
    {
        await EnsureTableAsync(ct).ConfigureAwait(false);
        await using var conn = await _reader.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(EventLogSql.StreamKeysLike(_eventSchema), conn)
        {
            Parameters = { new NpgsqlParameter { Value = kind.Prefix + ":%" } },
        };
        var keys = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>Which of these streams have a checkpoint (long streams, worth loading one by one).</summary>
    public async Task<HashSet<string>> WithCheckpointsAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        await EnsureTableAsync(ct).ConfigureAwait(false);
        await using var conn = await _reader.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(EventLogSql.CheckpointedStreams(DocumentSchema), conn)
        {
            Parameters = { new NpgsqlParameter { Value = keys.ToArray() } },
        };
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) found.Add(reader.GetString(0));
        return found;
    }
}
