using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Storage;
using Npgsql;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// Checks every state checkpoint against the history it claims to summarise: the stored event at its version must carry its
/// anchor hash and the seal of its state text, and folding the stream's events up to that version must give its state. Only streams that have checkpoints
/// (those longer than <see cref="HubsOptions.CheckpointInterval"/>) are folded, each once, up to its last checkpoint.
/// </summary>
internal static class CheckpointVerifier
{
    public static async Task<List<ChainBreak>> RunAsync(NpgsqlConnection conn, StoredEventReader reader, StateLoader loader, CancellationToken ct)
    {
        var byStream = new SortedDictionary<string, List<(long Version, string Hash, string State)>>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(EventLog.EventLogSql.AllCheckpoints(loader.DocumentSchema), conn))
        await using (var rows = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await rows.ReadAsync(ct).ConfigureAwait(false))
            {
                var key = rows.GetString(0);
                // A checkpoint of an older state shape is never read (StateLoader), so there is nothing to check it against.
                if (rows.GetInt32(4) != HubsModel.Of(key).StateVersion) continue;
                if (!byStream.TryGetValue(key, out var list)) byStream[key] = list = [];
                list.Add((rows.GetInt64(1), rows.GetString(2), rows.GetString(3)));
            }

        var breaks = new List<ChainBreak>();
        foreach (var (key, checkpoints) in byStream)
        {
            var kind = HubsModel.Of(key);
            object? state = null;
            var next = 0;
            // The events the checkpoint writer folded: those a fold may use (ChainGate); the others are the hash pass's breaks.
            var gate = new ChainGate();
            var unreadable = false;
            await foreach (var e in reader.ReadAsync(new EventQuery(key, UpToVersion: checkpoints[^1].Version), conn, ct).ConfigureAwait(false))
            {
                if (!unreadable)
                    try
                    {
                        if (reader.ToFoldableData(e, gate, out _) is { } data) state = kind.Evolve(state, data);
                    }
                    catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException
                                                   or InvalidCastException or ArgumentException)
                    {
                        // Verify never stops on a row it meets: a sealed event it cannot read makes every later checkpoint unprovable.
                        unreadable = true;
                        breaks.Add(new ChainBreak(key, e.Version, BreakKind.CheckpointMismatch,
                            $"the event at version {e.Version} cannot be read ({ex.Message}): the checkpoints after it cannot be checked against a fold"));
                    }
                if (unreadable)
                {
                    while (next < checkpoints.Count && checkpoints[next].Version <= e.Version) next++;
                    continue;
                }
                while (next < checkpoints.Count && checkpoints[next].Version < e.Version)
                    breaks.Add(Missing(key, checkpoints[next++].Version));
                if (next < checkpoints.Count && checkpoints[next].Version == e.Version)
                    Compare(key, e, state, checkpoints[next++], loader, breaks);
            }
            while (next < checkpoints.Count) breaks.Add(Missing(key, checkpoints[next++].Version));
        }
        return breaks;
    }

    private static void Compare(string key, AuditedEvent e, object? state, (long Version, string Hash, string State) checkpoint,
        StateLoader loader, List<ChainBreak> breaks)
    {
        if (!string.Equals(e.Hash, checkpoint.Hash, StringComparison.Ordinal))
        {
            breaks.Add(new ChainBreak(key, checkpoint.Version, BreakKind.CheckpointMismatch,
                $"the checkpoint at version {checkpoint.Version} is anchored to hash '{ChainVerifier.Short(checkpoint.Hash)}' but the stored event has " +
                $"'{ChainVerifier.Short(e.Hash)}': the history under it changed (time travel ignores this checkpoint)"));
            return;
        }
        if (e.CheckpointSeal.Length > 0 && !string.Equals(e.CheckpointSeal, HashChain.StateSeal(checkpoint.State), StringComparison.Ordinal))
        {
            breaks.Add(new ChainBreak(key, checkpoint.Version, BreakKind.CheckpointMismatch,
                $"the checkpoint at version {checkpoint.Version} holds a state whose seal is not the one the chain carries at that version " +
                $"('{ChainVerifier.Short(e.CheckpointSeal)}'): the checkpoint was changed; commands and reads refuse it and fold the events"));
            return;
        }
        string stored;
        try { stored = loader.StateText(loader.ReadState(key, checkpoint.State)); }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            stored = $"unreadable ({ex.Message})";
        }
        if (state is null || !string.Equals(stored, loader.StateText(state), StringComparison.Ordinal))
            breaks.Add(new ChainBreak(key, checkpoint.Version, BreakKind.CheckpointMismatch,
                $"the checkpoint at version {checkpoint.Version} holds a state that differs from folding versions 1–{checkpoint.Version}: " +
                "the checkpoint was changed; state read from it would be wrong (HubsAudit.StateAsync with fullReplay avoids it)"));
    }

    private static ChainBreak Missing(string key, long version) => new(key, version, BreakKind.CheckpointMismatch,
        $"the checkpoint at version {version} stands on an event that is not stored (time travel ignores this checkpoint)");
}
