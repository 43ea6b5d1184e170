using static Hubs.EventSourcing.EventLog.MartenTables;

namespace Hubs.EventSourcing.EventLog;

// The statements that write Marten's tables, or lock and read them to write: the COPY path for large units of work
// (Storage/BulkWriter, Storage/StreamedImport), the one-pass rebuild (Tracking/FastRebuild) and the signing writer's lookup
// of processed commands (Storage/HeadSigner).
//
// What Marten 9.58 offers instead: IDocumentStore.BulkInsertEventsAsync and the streaming BulkInsertEventStreamAsync write
// events by COPY too, but open their own transaction and bypass the version check ("no optimistic concurrency"), so the
// idempotency row and the checkpoints could not commit with them (docs/decisions.md, ADR 16); the daemon's
// RebuildProjectionAsync is the --marten fallback of the one-pass rebuild, 2.3-2.5x slower (docs/performance.md, item 3).
internal static partial class EventLogSql
{
    /// <summary>
    /// Claims the next version of each existing stream in <c>$1</c> (id order) with a placeholder event (a negative
    /// <c>seq_id</c> no sequence hands out): the unique (stream, version) index entry every writer deciding on the same head
    /// must insert next, so they wait for this transaction there, before they hold anything it needs. A stream whose next
    /// version another transaction inserted first is waited for and then skipped: its claim column is null, to be tried again
    /// against its new version. Streams that do not exist yet are not listed.
    /// </summary>
    public static string ClaimNextVersions(string schema) =>
        $"with s as materialized (select id, version from {schema}.{Streams} where id = any($1) order by id), " +
        $"c as (insert into {schema}.{MartenTables.Events} (seq_id, id, stream_id, version, data, type, is_archived) " +
        "select -1 - floor(random() * 9e18)::bigint, gen_random_uuid(), s.id, s.version + 1, '{}'::jsonb, 'hubs_claim', false from s order by s.id " +
        "on conflict do nothing returning stream_id, seq_id) " +
        "select s.id, c.seq_id from s left join c on c.stream_id = s.id";

    /// <summary>Deletes this transaction's placeholder events (<c>seq_id</c> in <c>$1</c>) before it writes the real ones.</summary>
    public static string DropClaims(string schema) => $"delete from {schema}.{MartenTables.Events} where seq_id = any($1)";

    /// <summary>Locks the rows of the streams in <c>$1</c> and reads their version and archived flag.</summary>
    public static string LockAndReadStreams(string schema) =>
        $"select id, version, coalesce(is_archived, false) from {schema}.{Streams} where id = any($1) order by id for update";

    /// <summary>Sets the streams in <c>$1</c> to the versions in <c>$2</c>, timestamp = now() as Marten's append does.</summary>
    public static string MoveStreams(string schema) =>
        $"update {schema}.{Streams} s set version = v.version, timestamp = now() " +
        "from unnest($1::varchar[], $2::bigint[]) as v(id, version) where s.id = v.id";

    /// <summary>
    /// Refreshes the planner's statistics after a large load: only the columns Marten's queries filter and sort on (those of
    /// the jsonb payload and headers cost 4-5x the rest and no event-store query uses them).
    /// </summary>
    public static string AnalyzeEventTables(string schema) =>
        $"analyze {schema}.{Streams}; analyze {schema}.{MartenTables.Events} (seq_id, stream_id, version, type, timestamp, tenant_id, is_archived)";

    /// <summary>Whether the role is a superuser and the event table has no trigger of its own (so the COPY may skip the foreign-key check).</summary>
    public static string CanSkipEventForeignKey(string schema) =>
        "select current_setting('is_superuser') = 'on' and not exists (select 1 from pg_trigger " +
        $"where tgrelid = '{schema}.{MartenTables.Events}'::regclass and not tgisinternal)";

    /// <summary>
    /// Creates the streams <c>$1</c> with stream types <c>$2</c> and versions <c>$3</c>: the values Marten's append function
    /// writes (type = <see cref="MartenTables.StreamType"/>, timestamp and created = now(), the transaction's start, the default tenant).
    /// </summary>
    public static string InsertStreams(string schema) =>
        $"insert into {schema}.{Streams} (id, type, version, timestamp, tenant_id) " +
        "select id, type, version, now(), '*DEFAULT*' from unnest($1::varchar[], $2::varchar[], $3::bigint[]) as s(id, type, version)";

    /// <summary>Reserves <c>$1</c> numbers of Marten's event sequence.</summary>
    public static string ReserveSequence(string schema) => $"select nextval('{schema}.{EventSequence}') from generate_series(1, $1)";

    /// <summary>The binary COPY of event rows, every column in the order the writer writes them.</summary>
    public static string CopyEvents(string schema) =>
        $"copy {schema}.{MartenTables.Events} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived, " +
        "correlation_id, causation_id, headers, user_name) from stdin (format binary)";

    /// <summary>The binary COPY of documents into a Marten document table (qualified name as Marten maps it).</summary>
    public static string CopyDocuments(string table) =>
        $"copy {table} (id, data, mt_last_modified, mt_dotnet_type, mt_version) from stdin (format binary)";

    /// <summary>Sets the progress of the projection shard <c>$1</c> to sequence <c>$2</c>, as Marten's daemon records it.</summary>
    public static string SetProgress(string schema) => $"""
        insert into {schema}.{Progression} (name, last_seq_id, last_updated) values ($1, $2, now())
        on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
        """;

    /// <summary>The processed-command records that carry a signature (or are not even an object), by id.</summary>
    public static string SignedRecords(string documentSchema) =>
        $"select id::text, data::text from {documentSchema}.{ProcessedCommands} where jsonb_typeof(data) <> 'object' or data -> 'signature' <> 'null'::jsonb order by id";

    /// <summary>
    /// The store identity, and the records of key <c>$4</c> that signed a range ending at one of the heads (streams <c>$1</c>,
    /// versions <c>$2</c>, hashes <c>$3</c>): containment on the indexed ranges, a nested loop over the GIN index.
    /// </summary>
    public static string RecordsSigningHeads(string documentSchema, string identityId) => $"""
        select (select data ->> 'value' from {documentSchema}.{StoreIdentity} where id = '{identityId}'),
               array(select distinct p.data::text from {documentSchema}.{ProcessedCommands} p
                     join unnest($1::varchar[], $2::bigint[], $3::varchar[]) as h(stream, version, hash)
                       on p.data -> 'ranges' @> jsonb_build_array(jsonb_build_object('stream', h.stream, 'to', h.version, 'hash', h.hash))
                     where p.data ->> 'keyId' = $4)
        """;

    /// <summary>Whether the store identity's table exists.</summary>
    public static string HasStoreIdentity(string documentSchema) => $"select to_regclass('{documentSchema}.{StoreIdentity}') is not null";

    /// <summary>The store identity's value.</summary>
    public static string ReadStoreIdentity(string documentSchema, string identityId) =>
        $"select data->>'value' from {documentSchema}.{StoreIdentity} where id = '{identityId}'";
}
