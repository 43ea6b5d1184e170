using Hubs.EventSourcing.Integrity;
using static Hubs.EventSourcing.EventLog.MartenTables;

namespace Hubs.EventSourcing.EventLog;

/// <summary>
/// Every SQL statement the library runs against Marten's event tables (<c>mt_events</c>, <c>mt_streams</c>) to read them:
/// the audit reader, state loading, verification, the health check and the one-pass rebuild. The callers keep their filters,
/// parameters and row reading; the statements, and so every table and column name, are here, to be checked against each
/// Marten release in one place (ADR 16). Schemas are passed as configured (<c>Events.DatabaseSchemaName</c>).
/// </summary>
/// <remarks>
/// What Marten 9.58 offers for the same reads: <c>IQuerySession.Events.QueryAllRawEvents()</c> (LINQ over <c>IEvent</c>) and
/// <c>FetchStreamAsync</c>. Both deserialize every payload and cannot return PostgreSQL's own <c>data::text</c>, which the hash
/// chain is computed over (jsonb normalises what it stores), nor stream a filtered read with flat memory: the library keeps
/// its own SELECTs for those, here.
/// </remarks>
internal static partial class EventLogSql
{
    /// <summary>SQL condition: not one of Marten's placeholder rows for failed appends.</summary>
    public const string NotTombstone = $"stream_id <> '{TombstoneStream}'";

    /// <summary>The columns <see cref="Auditing.StoredEventReader.Row"/> reads, from the events matching <paramref name="where"/>.</summary>
    public static string Events(string schema, string where, bool byStream) =>
        $"select {AuditedColumns} from {schema}.{MartenTables.Events} where {where} order by {(byStream ? "stream_id, version" : "seq_id")}";

    /// <summary>Each stream's version as Marten records it.</summary>
    public static string StreamVersions(string schema) => $"select id, version from {schema}.{Streams} where id <> '{TombstoneStream}'";

    /// <summary>Every stream whose key is like <c>$1</c>, ordered by key.</summary>
    public static string StreamKeysLike(string schema) => $"select id from {schema}.{Streams} where id like $1 order by id collate \"C\"";

    /// <summary>The events of the streams in <c>$1</c>, each stream's together in version order.</summary>
    public static string EventsOfStreams(string schema) =>
        $"select {AuditedColumns} from {schema}.{MartenTables.Events} where stream_id = any($1) order by stream_id, version";

    /// <summary>One stream's events matching <paramref name="where"/>, in version order.</summary>
    public static string StreamEvents(string schema, string where) =>
        $"select {AuditedColumns} from {schema}.{MartenTables.Events} where {where} order by version";

    /// <summary>The highest checkpoint version matching <paramref name="where"/> (a sub-select).</summary>
    public static string CheckpointFloor(string documentSchema, string where) =>
        $"(select max((data->>'version')::bigint) from {documentSchema}.{Checkpoints} where {where})";

    /// <summary>The latest checkpoint matching <paramref name="where"/>: state text, version, hash.</summary>
    public static string LatestCheckpoint(string documentSchema, string where) =>
        $"select data->>'state', (data->>'version')::bigint, data->>'hash' from {documentSchema}.{Checkpoints} where {where} order by 2 desc limit 1";

    /// <summary>Which of the streams in <c>$1</c> have a checkpoint.</summary>
    public static string CheckpointedStreams(string documentSchema) =>
        $"select distinct data->>'streamKey' from {documentSchema}.{Checkpoints} where data->>'streamKey' = any($1)";

    /// <summary>Every checkpoint: stream, version, hash, state text, state version; by stream and version.</summary>
    public static string AllCheckpoints(string documentSchema) =>
        "select data->>'streamKey', (data->>'version')::bigint, data->>'hash', data->>'state', " +
        $"coalesce((data->>'stateVersion')::int, 1) from {documentSchema}.{Checkpoints} order by 1, 2";

    /// <summary>Every event's stream, version and hash header, by stream and version (the signature check).</summary>
    public static string HashesByStream(string schema) => $"""
        select stream_id, version, coalesce(headers->>'{HashChain.HashHeader}', '') from {schema}.{MartenTables.Events}
        where {NotTombstone} order by stream_id, version
        """;

    /// <summary>The events of the types in <c>$1</c> in recorded order, with their payload text and hash (the invariant check).</summary>
    public static string EventsOfTypesByTime(string schema) =>
        $"select stream_id, version, type, data::text, timestamp, coalesce(headers->>'{HashChain.HashHeader}', '') from {schema}.{MartenTables.Events} " +
        $"where type = any($1) and {NotTombstone} order by timestamp, seq_id";

    /// <summary>
    /// The library's events (types <c>$1</c>, expected .NET types <c>$2</c>) whose metadata is not what the library writes:
    /// archived, another tenant, another .NET type, header keys outside <c>$3</c>, or headers that are not an object.
    /// </summary>
    public static string OddMetadata(string schema, string defaultTenant)
    {
        // Headers of any other jsonb shape (null, a scalar, an array) carry no key: read as an empty object, since jsonb's key
        // functions fail on them. Such an event has no hash either, which the hash pass reports (UnsealedEvent).
        const string headers = "(case when jsonb_typeof(e.headers) = 'object' then e.headers else '{}'::jsonb end)";
        return $"""
            select e.stream_id, e.version, coalesce(e.is_archived, false), e.tenant_id, e.mt_dotnet_type, k.dotnet,
                   array(select h from jsonb_object_keys({headers}) h where h <> all($3) order by h),
                   case when jsonb_typeof(e.headers) in ('object', 'null') then null else jsonb_typeof(e.headers) end
            from {schema}.{MartenTables.Events} e join unnest($1::text[], $2::text[]) as k(type, dotnet) on k.type = e.type
            where e.{NotTombstone} and {OwnedStreamsFilter}
              and (coalesce(e.is_archived, false)
               or e.tenant_id is distinct from '{defaultTenant}' or e.mt_dotnet_type is distinct from k.dotnet
               or ({headers} - $3::text[]) <> '{"{}"}'::jsonb or jsonb_typeof(e.headers) not in ('object', 'null'))
            order by e.stream_id, e.version
            """;
    }

    /// <summary>The highest sequence number written (0 for none): the end projections are measured against.</summary>
    public static string LastSequence(string schema) => $"select coalesce(max(seq_id), 0) from {schema}.{MartenTables.Events}";

    /// <summary>The library's events up to sequence <c>$1</c> in stream order, with their archived flag (the one-pass rebuild).</summary>
    public static string OwnedEventsUpTo(string schema) => $"""
        select {AuditedColumns}, coalesce(is_archived, false)
        from {schema}.{MartenTables.Events}
        where seq_id <= $1 and {NotTombstone} and {OwnedStreamsFilter}
        order by stream_id, version
        """;

    /// <summary>Whether the schema named <c>$1</c> holds Marten's event table.</summary>
    public const string HasEventTable = $"select to_regclass(quote_ident($1) || '.{MartenTables.Events}') is not null";

    /// <summary>
    /// The columns of <c>mt_events</c> every audited field is read from, in the order <see cref="Auditing.StoredEventReader.Row"/> reads them (the readers
    /// are sequential: no row buffering, fields left to right). <c>->></c> gives SQL NULL, read as "", for a header missing
    /// and for headers that are not a jsonb object, so no shape of the column can fail the read.
    /// </summary>
    internal static string AuditedColumns => $"""
        stream_id, version, seq_id, type, timestamp, user_name, headers->>'{HashChain.ReasonHeader}',
        headers->>'{HashChain.SourceHeader}', headers->>'{HashChain.CommandIdHeader}', correlation_id, causation_id,
        data::text, headers->>'{HashChain.HashHeader}', headers->>'{HashChain.CheckpointHeader}'
        """;

    /// <summary>SQL condition on <c>stream_id</c>: the stream belongs to one of the library's aggregate kinds.</summary>
    internal static string OwnedStreamsFilter =>
        "(" + string.Join(" or ", HubsModel.All.Select(k => $"stream_id like '{k.Prefix}:%'")) + ")";
}
