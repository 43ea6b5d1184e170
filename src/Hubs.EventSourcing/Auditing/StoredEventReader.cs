using System.Data;
using System.Runtime.CompilerServices;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.EventLog;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Storage;
using Marten;
using Npgsql;

namespace Hubs.EventSourcing.Auditing;

/// <summary>Which stored events to read. Every filter is optional; events are read in global sequence order unless <paramref name="ByStream"/>.</summary>
/// <param name="StreamKey">Only this stream.</param>
/// <param name="RecordedAtOrBefore">Only events recorded at or before this instant (floored to microseconds, as stored).</param>
/// <param name="UpToVersion">Only events at or below this stream version.</param>
/// <param name="OwnedStreamsOnly">Only the library's own streams (<c>cluster:…</c>, <c>region:…</c>, …, and every registered module's), not other applications' in a shared store.</param>
/// <param name="ByStream">Stream after stream instead (each stream's events together, by version), for per-stream folds that finish a stream's document as soon as the next stream begins.</param>
internal sealed record EventQuery(string? StreamKey = null, DateTimeOffset? RecordedAtOrBefore = null, long? UpToVersion = null,
    bool OwnedStreamsOnly = false, bool ByStream = false);

/// <summary>
/// The one reader of <c>mt_events</c> for auditing (history, verification, export, as-of replays): a single server-side
/// streamed query in sequence order, so memory stays flat whatever the store's size. Skips Marten's <c>mt_tombstone</c>
/// rows (placeholders for failed appends, not history). In a shared store it also meets events the library did not write: other
/// applications' streams (<see cref="EventQuery.OwnedStreamsOnly"/> leaves them out) and event types it does not know, which
/// <see cref="ToEventData(AuditedEvent)"/> returns as null so every fold skips them.
/// </summary>
internal sealed class StoredEventReader
{
    private readonly IDocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly Dictionary<string, Type> _typesByName;
    private readonly Dictionary<string, EventUpcaster> _upcastersByName;
    private readonly HubsLog _log;

    public StoredEventReader(IDocumentStore store, HubsLog? log = null)
    {
        _log = log ?? HubsLog.Silent;
        _store = store;
        _serializer = store.Options.Serializer();
        _typesByName = EventNames.ByType.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        _upcastersByName = EventNames.Upcasters.ToDictionary(u => u.StoredName, StringComparer.Ordinal);
    }

    /// <summary>Schema of the event tables.</summary>
    public string Schema => _store.Options.Events.DatabaseSchemaName;

    private volatile bool _tablesReady;

    /// <summary>Creates Marten's event tables if nothing has yet: reads may come before the first write of a new store.</summary>
    public async Task EnsureEventTablesAsync(CancellationToken ct)
    {
        if (_tablesReady) return;
        await SchemaLock.RunAsync(_store, () => _store.Storage.Database.EnsureStorageExistsAsync(typeof(JasperFx.Events.IEvent), ct), ct)
            .ConfigureAwait(false);
        _tablesReady = true;
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var conn = _store.Storage.Database.CreateConnection();
        await conn.OpenAsync(ct).ConfigureAwait(false);
        return conn;
    }

    /// <param name="query">Filters.</param>
    /// <param name="connection">An open connection (e.g. inside a snapshot transaction), or null to use a new one.</param>
    /// <param name="ct">Stops the read.</param>
    public async IAsyncEnumerable<AuditedEvent> ReadAsync(EventQuery query, NpgsqlConnection? connection = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await EnsureEventTablesAsync(ct).ConfigureAwait(false);
        var owned = connection is null ? await OpenAsync(ct).ConfigureAwait(false) : null;
        await using var _ = owned;
        await using var cmd = (connection ?? owned!).CreateCommand();
        var where = EventLogSql.NotTombstone;
        if (query.StreamKey is { } key)
        {
            where += " and stream_id = @stream";
            cmd.Parameters.AddWithValue("stream", key);
        }
        if (query.RecordedAtOrBefore is { } t)
        {
            where += " and timestamp <= @at";
            cmd.Parameters.AddWithValue("at", HashChain.ToMicroseconds(t));
        }
        if (query.OwnedStreamsOnly) where += $" and {EventLogSql.OwnedStreamsFilter}";
        if (query.UpToVersion is { } v)
        {
            where += " and version <= @version";
            cmd.Parameters.AddWithValue("version", v);
        }
        // Column order matters: the reader is sequential (no row buffering), fields are read left to right.
        cmd.CommandText = EventLogSql.Events(Schema, where, query.ByStream);
        await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        AuditedEvent? previous = null;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            yield return previous = Row(reader, previous);
    }

    /// <summary>The event of the current row, read from <see cref="EventLogSql.AuditedColumns"/> (the first 14 fields).</summary>
    /// <param name="reader">On a row.</param>
    /// <param name="previous">The row before, whose strings are shared when they repeat.</param>
    internal static AuditedEvent Row(NpgsqlDataReader reader, AuditedEvent? previous) =>
        // Neighbouring rows mostly repeat the stream, type and context: rows a caller keeps (a diff's causes) share those strings.
        new(Same(reader.GetString(0), previous?.StreamKey), reader.GetInt64(1), reader.GetInt64(2), Same(reader.GetString(3), previous?.EventType),
            reader.GetFieldValue<DateTimeOffset>(4), Same(Text(reader, 5), previous?.Actor), Same(Text(reader, 6), previous?.Reason),
            Same(Text(reader, 7), previous?.Source), Text(reader, 8), Same(Text(reader, 9), previous?.CorrelationId),
            Same(Text(reader, 10), previous?.CausationId), Text(reader, 11), Text(reader, 12)) { CheckpointSeal = Text(reader, 13) };

    private static string Same(string value, string? previous) => string.Equals(value, previous, StringComparison.Ordinal) ? previous! : value;

    /// <summary>Each stream's version as recorded in <c>mt_streams</c> (Marten's own count, kept apart from the events).</summary>
    public async IAsyncEnumerable<(string StreamKey, long Version)> ReadStreamVersionsAsync(NpgsqlConnection connection,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = EventLogSql.StreamVersions(Schema);
        await using var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            yield return (reader.GetString(0), reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
    }

    /// <summary>True for a stream key of one of the library's aggregate kinds.</summary>
    public static bool IsOwnedStream(string streamKey) => HubsModel.TryOf(streamKey) is not null;

    /// <summary>
    /// The event object of a stored event, deserialized as Marten would (for folds and replays); null for an event type the
    /// library does not own (a user's event in a shared store), which folds skip.
    /// </summary>
    public object? ToEventData(AuditedEvent e) => ToEventData(e.EventType, e.Payload, $"{e.StreamKey} v{e.Version}");

    /// <summary>
    /// The event object of a stored type name and <c>data::text</c>, upcast to today's event when an older version is stored
    /// (the same upcasts Marten applies, EventNames.Upcasters). The stored text itself is never changed: hashes cover it.
    /// Null for a type that is no version of any library event (another application's), which folds skip; a library event
    /// this release cannot read (a newer version, or an older one without an upcast) is an error, never skipped.
    /// </summary>
    public object? ToEventData(string eventType, string payload, string? where = null)
    {
        if (_typesByName.TryGetValue(eventType, out var type)) return Deserialize(type, payload);
        if (_upcastersByName.TryGetValue(eventType, out var upcaster)) return upcaster.Upcast(Deserialize(upcaster.StoredType, payload));
        if (EventNames.VersionError(eventType, where) is { } error) throw error;
        _log.ForeignEventSkipped(eventType);
        return null;
    }

    /// <summary>
    /// The event object a fold may use: null when <paramref name="gate"/> refuses it (unsealed, or its hash does not match its
    /// chain; then <paramref name="refused"/> says why) or when it is not a library event. Every fold of stored events goes
    /// through here or through <see cref="EventSeal.Folds"/>, so all of them skip the same events.
    /// </summary>
    public object? ToFoldableData(AuditedEvent e, ChainGate gate, out ChainBreak? refused)
    {
        refused = gate.Check(e);
        if (refused is null) return ToEventData(e);
        // Refused or not, a library event this release cannot read stops the fold (a newer release wrote it): never skipped.
        // An older version with its upcast is readable, so refusing it is enough.
        if (!_upcastersByName.ContainsKey(e.EventType) && EventNames.VersionError(e.EventType, $"{e.StreamKey} v{e.Version}") is { } error)
            throw error;
        if (!EventNames.IsOwned(e.EventType)) _log.ForeignEventSkipped(e.EventType);
        return null;
    }

    /// <summary>The event as today's library reads it (upcast when older), serialized as the store serializes events; another application's event as stored.</summary>
    public string ToUpgradedJson(AuditedEvent e) => ToEventData(e) is { } data ? _serializer.ToJson(data) : e.Payload;

    private object Deserialize(Type type, string payload)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(payload));
        return _serializer.FromJson(type, stream);
    }

    private static string Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal);
}
