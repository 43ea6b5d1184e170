using Hubs.EventSourcing.EventLog;
using Npgsql;
using NpgsqlTypes;

namespace Hubs.EventSourcing.Storage;

// How a send or batch that lost a race goes on without losing it again: it claims its streams' next versions first.
internal sealed partial class BulkWriter
{
    /// <summary>Rounds of <see cref="BulkTransaction.ClaimAsync"/> before a retry gives up claiming and races as before.</summary>
    internal const int MaxClaimRounds = 50;

    /// <summary>
    /// <see cref="BeginAsync"/>, then claims the next version of each of the streams that exist (<see cref="BulkTransaction.ClaimAsync"/>)
    /// until the transaction ends: heads read after this stay true, so a unit decided on them and written in this transaction
    /// cannot lose a race on those streams again — how a command that lost one goes on (writers elsewhere wait for it instead).
    /// </summary>
    public async Task<BulkTransaction> BeginLockedAsync(string[] keys, CancellationToken ct)
    {
        var tx = await BeginAsync(ct).ConfigureAwait(false);
        try
        {
            await tx.ClaimAsync(keys, ct).ConfigureAwait(false);
            return tx;
        }
        catch
        {
            await tx.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal sealed partial class BulkTransaction
    {
        /// <summary>The placeholder events of <see cref="ClaimAsync"/>, deleted before this transaction writes.</summary>
        private readonly List<long> _claims = [];

        /// <summary>
        /// Claims the next version of each of these streams that exists, by inserting a placeholder event at it
        /// (<see cref="EventLogSql.ClaimNextVersions"/>), and keeps the claims until the transaction ends. Not a row lock on
        /// <c>mt_streams</c>: Marten's append inserts its events before it locks that row (its foreign-key check, then its
        /// version update), so an append that had read the head already would hold the next version's index entry while
        /// waiting for the row lock, and this transaction's COPY would wait for that entry — a deadlock PostgreSQL breaks
        /// only after <c>deadlock_timeout</c> (1 s), once per retry. The index entry is the point every writer of the next
        /// version passes first, so a claim there makes them wait for this transaction while they hold nothing it needs.
        /// </summary>
        /// <exception cref="BulkWriteConflictException">The streams kept moving for <see cref="MaxClaimRounds"/> rounds, or a deadlock.</exception>
        public Task ClaimAsync(string[] keys, CancellationToken ct) => ConflictsAsLostRaces(async () =>
        {
            var pending = keys;
            for (var round = 0; pending.Length > 0; round++)
            {
                if (round == MaxClaimRounds)
                    throw new BulkWriteConflictException(pending[0], 0, null, new InvalidOperationException("the streams kept moving"));
                await using var cmd = new NpgsqlCommand(EventLogSql.ClaimNextVersions(writer._schema), conn)
                {
                    Parameters = { new() { Value = pending, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar } },
                };
                var moved = new List<string>();
                await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                        if (reader.IsDBNull(1)) moved.Add(reader.GetString(0));
                        else _claims.Add(reader.GetInt64(1));
                // A stream another writer moved meanwhile: claimed again at its new version (a new statement sees it).
                pending = [.. moved];
            }
        });

        /// <summary>Deletes the placeholders of <see cref="ClaimAsync"/>: this transaction's own rows go in their place.</summary>
        private async Task DropClaimsAsync(CancellationToken ct)
        {
            if (_claims.Count == 0) return;
            await using var cmd = new NpgsqlCommand(EventLogSql.DropClaims(writer._schema), conn)
            {
                Parameters = { new() { Value = _claims.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint } },
            };
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            _claims.Clear();
        }
    }
}
