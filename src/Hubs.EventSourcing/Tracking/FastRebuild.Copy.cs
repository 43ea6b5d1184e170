using System.Data;
using System.Threading.Channels;
using Hubs.EventSourcing.Auditing;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace Hubs.EventSourcing.Tracking;

/// <summary>The one-pass rebuild's writes: the finished documents by binary COPY and each projection's progress.</summary>
internal static partial class FastRebuild
{
    /// <summary>
    /// Copies the finished documents into their tables as they come, on the transaction's connection: one COPY while
    /// documents of the same read model follow each other, a new one when the read model changes.
    /// </summary>
    private static async Task CopyAsync(NpgsqlConnection conn, ChannelReader<Finished> docs, string[] tables, string[] dotnetTypes, CancellationToken ct)
    {
        NpgsqlBinaryImporter? copy = null;
        var current = -1;
        var now = DateTimeOffset.UtcNow;
        try
        {
            while (await docs.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (docs.TryRead(out var d))
                {
                    if (d.Target != current)
                    {
                        if (copy is not null)
                        {
                            await copy.CompleteAsync(ct).ConfigureAwait(false);
                            await copy.DisposeAsync().ConfigureAwait(false);
                            copy = null;
                        }
                        copy = await conn.BeginBinaryImportAsync(EventLog.EventLogSql.CopyDocuments(tables[d.Target]), ct).ConfigureAwait(false);
                        current = d.Target;
                    }
                    // Synchronous writes: they only fill the importer's buffer, and flush it when full.
                    copy!.StartRow();
                    copy.Write(d.Id, NpgsqlDbType.Varchar);
                    copy.Write(d.Json, NpgsqlDbType.Jsonb);
                    copy.Write(now, NpgsqlDbType.TimestampTz);
                    copy.Write(dotnetTypes[d.Target], NpgsqlDbType.Varchar);
                    copy.Write(d.Version, NpgsqlDbType.Bigint);
                }
            }
            if (copy is not null) await copy.CompleteAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            // Not completed (a failure): disposing cancels the COPY, and the transaction is rolled back.
            if (copy is not null) await copy.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Each projection's progress, set to the ceiling in the rebuild's transaction.</summary>
    private static async Task SetProgressAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IDocumentStore store, ShardName[] shards, long ceiling,
        CancellationToken ct)
    {
        foreach (var shard in shards)
        {
            await using var set = new NpgsqlCommand(EventLog.EventLogSql.SetProgress(store.Options.Events.DatabaseSchemaName), conn, tx);
            set.Parameters.Add(new NpgsqlParameter { Value = shard.Identity });
            set.Parameters.Add(new NpgsqlParameter { Value = ceiling });
            await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
