using System.Security.Cryptography;
using Npgsql;
using Hubs.EventSourcing.Integrity;

namespace Hubs.EventSourcing.Auditing;

/// <summary>
/// With a verification key: the valid signed ranges (<see cref="ChainSigning"/>) of each of the library's streams must tile it
/// — cover versions 1 to its last exactly once — and each must chain onto the stored hash before it and end at the stored
/// hash of its last version. A version no signature covers is located where it is, even under later signed versions (a
/// forgery cannot be laundered by the next signed write); a rewrite changes a stored hash a range ends at or chains onto; a
/// deleted tail leaves a signed version beyond the end. Records signed with another key cover nothing; records signed for
/// another store (<see cref="StoreIdentity"/>), edited, or unreadable cover nothing and are reported. Streams this process
/// has no module for are not checked: they are listed beside the report (<see cref="VerificationReport.StreamsOutsideChains"/>), never called removed.
/// </summary>
internal static class SignatureVerifier
{
    /// <summary>What the pass found: the breaks, and signed streams it could not check that have no events to be listed by.</summary>
    public sealed record Result(List<ChainBreak> Breaks, List<string> UncheckedAbsentStreams);

    private sealed record Covering(SignedRange Range, Guid Command);

    public static async Task<Result> RunAsync(NpgsqlConnection conn, string eventSchema, string documentSchema, ECDsa publicKey,
        CancellationToken ct)
    {
        var keyId = ChainSigning.KeyId(publicKey);
        var storeId = await StoreIdentity.ReadAsync(conn, documentSchema, ct).ConfigureAwait(false);
        var breaks = new List<ChainBreak>();
        var signed = new Dictionary<string, List<Covering>>(StringComparer.Ordinal);
        // Records written without a key carry a null signature: they sign nothing. One that is not even an object was put there by hand.
        await using (var cmd = new NpgsqlCommand(EventLog.EventLogSql.SignedRecords(documentSchema), conn))
        await using (var rows = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await rows.ReadAsync(ct).ConfigureAwait(false))
                Collect(rows.GetString(0), rows.GetString(1), keyId, storeId, publicKey, signed, breaks);

        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(EventLog.EventLogSql.HashesByStream(eventSchema), conn))
        await using (var rows = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            string? stream = null;
            var hashes = new Dictionary<long, string>();
            long last = 0;
            while (await rows.ReadAsync(ct).ConfigureAwait(false))
            {
                var key = rows.GetString(0);
                if (key != stream)
                {
                    if (stream is not null) Check(stream, last, hashes, signed.GetValueOrDefault(stream), keyId, breaks);
                    stream = StoredEventReader.IsOwnedStream(key) ? key : null;
                    hashes.Clear();
                    if (stream is null) continue;
                    present.Add(key);
                }
                else if (stream is null) continue;
                last = rows.GetInt64(1);
                hashes[last] = rows.GetString(2);
            }
            if (stream is not null) Check(stream, last, hashes, signed.GetValueOrDefault(stream), keyId, breaks);
        }

        var notChecked = new List<string>();
        foreach (var (stream, ranges) in signed)
        {
            if (present.Contains(stream)) continue;
            if (!StoredEventReader.IsOwnedStream(stream))
            {
                notChecked.Add(stream);
                continue;
            }
            var highest = ranges.Max(r => r.Range.To);
            breaks.Add(new ChainBreak(stream, 1, BreakKind.SignatureMismatch,
                $"the stream was signed up to version {highest} but has no events any more: removed"));
        }
        return new Result(breaks, notChecked);
    }

    /// <summary>Reads one signed record: its ranges join <paramref name="signed"/> only when it is readable, of this key, for this store and valid.</summary>
    private static void Collect(string rowId, string json, string keyId, string? storeId, ECDsa publicKey,
        Dictionary<string, List<Covering>> signed, List<ChainBreak> breaks)
    {
        var record = SignedRecord.Read(json, out var recordKey, out var problem, out _, out var named);
        if (record is null)
        {
            // Another key's records cover nothing here, readable or not; one that names no key cannot be told apart: reported.
            if (recordKey is not null && recordKey != keyId) return;
            var detail = $"the signed record {rowId} is unreadable: {problem}; it covers nothing";
            if (named.Count == 0) breaks.Add(new ChainBreak("", 0, BreakKind.SignatureMismatch, detail));
            foreach (var (stream, version) in named) breaks.Add(new ChainBreak(stream, version, BreakKind.SignatureMismatch, detail));
            return;
        }
        if (record.KeyId != keyId) return;
        string? why = null;
        if (!record.IsValid(publicKey))
            why = $"the signed record of command {record.Id:D} does not verify with the public key (key {keyId}): it was edited, so it covers nothing";
        else if (record.Store != storeId)
            why = storeId is null
                ? $"the signed record of command {record.Id:D} names store {record.Store}, but this store has no identity record (it was removed): it covers nothing"
                : $"the signed record of command {record.Id:D} was signed for another store ({record.Store}; this one is {storeId}): copied from another database signed with the same key, it covers nothing";
        else if (!Guid.TryParse(rowId, out var row) || row != record.Id)
            why = $"the signed record of command {record.Id:D} is stored under another id ({rowId}): it covers nothing";
        if (why is not null)
        {
            foreach (var r in record.Ranges) breaks.Add(new ChainBreak(r.Stream, r.From, BreakKind.SignatureMismatch, why));
            return;
        }
        foreach (var r in record.Ranges)
        {
            if (!signed.TryGetValue(r.Stream, out var list)) signed[r.Stream] = list = [];
            list.Add(new Covering(r, record.Id));
        }
    }

    /// <summary>Checks that the stream's valid ranges tile versions 1 to <paramref name="last"/>, each matching the stored chain.</summary>
    private static void Check(string stream, long last, Dictionary<long, string> hashes, List<Covering>? ranges, string keyId, List<ChainBreak> breaks)
    {
        if (ranges is null || ranges.Count == 0)
        {
            breaks.Add(new ChainBreak(stream, 1, BreakKind.SignatureMismatch,
                $"no signature by key {keyId} covers any version of this stream (it ends at version {last}): written without the signing key, or before it was configured"));
            return;
        }
        ranges.Sort((a, b) => a.Range.From != b.Range.From ? a.Range.From.CompareTo(b.Range.From) : a.Range.To.CompareTo(b.Range.To));
        long next = 1;
        Covering? previous = null;
        Covering? beyond = null;
        foreach (var c in ranges)
        {
            var r = c.Range;
            if (r.From > next) breaks.Add(Gap(stream, next, r.From - 1, last));
            else if (r.From < next)
                breaks.Add(new ChainBreak(stream, r.From, BreakKind.SignatureMismatch,
                    $"versions {r.From}–{Math.Min(r.To, next - 1)} are signed twice (commands {previous!.Command:D} and {c.Command:D}): one of them was copied in"));
            if (r.To > last)
            {
                if (beyond is null || r.To > beyond.Range.To) beyond = c;
            }
            else if (!hashes.TryGetValue(r.To, out var stored))
                breaks.Add(new ChainBreak(stream, r.To, BreakKind.SignatureMismatch, $"version {r.To} was signed (command {c.Command:D}) but is missing"));
            else if (stored != r.Hash)
                breaks.Add(new ChainBreak(stream, r.To, BreakKind.SignatureMismatch,
                    $"the stored hash {Short(stored)} of version {r.To} is not the signed {Short(r.Hash)} (command {c.Command:D}): history up to this version was rewritten"));
            if (r.From == 1 ? r.Previous.Length != 0 : hashes.TryGetValue(r.From - 1, out var before) && before != r.Previous)
                breaks.Add(new ChainBreak(stream, r.From, BreakKind.SignatureMismatch,
                    $"versions {r.From}–{r.To} were signed (command {c.Command:D}) on top of hash {Short(r.Previous)}, but the stored chain before them " +
                    $"{(r.From == 1 ? "is empty" : $"ends at {Short(hashes[r.From - 1])}")}: they were moved here, or the history before them was rewritten"));
            if (r.To + 1 > next)
            {
                next = r.To + 1;
                previous = c;
            }
        }
        if (beyond is not null)
            breaks.Add(new ChainBreak(stream, last + 1, BreakKind.SignatureMismatch,
                $"version {beyond.Range.To} was signed (command {beyond.Command:D}) but the stream ends at version {last}: its tail was deleted"));
        else if (next <= last) breaks.Add(Gap(stream, next, last, last));
    }

    private static ChainBreak Gap(string stream, long from, long to, long last) =>
        new(stream, from, BreakKind.SignatureMismatch,
            $"{(from == to ? $"version {from} is" : $"versions {from}–{to} are")} covered by no signature" +
            (to < last ? $" although later versions are signed" : from > 1 ? $" (the last signed version is {from - 1})" : "") +
            ": appended without the signing key — forged, even though every hash is correct");

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
