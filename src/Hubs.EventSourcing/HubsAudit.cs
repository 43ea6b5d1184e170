using System.Data;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Integrity;
using Marten;

namespace Hubs.EventSourcing;

/// <summary>
/// What an auditor needs: the attributed history of a stream, the state at any point of it, verification of every hash
/// chain with a digest to keep outside the database, and exports that can be re-verified without this library
/// (docs/auditing.md). Reads only; thread-safe; register it once.
/// </summary>
public sealed class HubsAudit
{
    private readonly StoredEventReader _reader;
    private readonly Storage.StateLoader _loader;
    private readonly HubsOptions _options;
    private readonly HubsLog _log;
    private readonly string _documentSchema;

    internal HubsAudit(IDocumentStore store, HubsOptions options, HubsLog? log = null)
        : this(options, new Storage.StateLoader(store, new StoredEventReader(store, log)), log)
    {
    }

    internal HubsAudit(HubsOptions options, Storage.StateLoader loader, HubsLog? log)
    {
        _documentSchema = loader.DocumentSchema;
        _log = log ?? HubsLog.Silent;
        _reader = loader.Reader;
        _loader = loader;
        _options = options;
    }

    internal StoredEventReader Reader => _reader;

    /// <summary>
    /// Every event of one of the library's streams in order, with its metadata, payload and hash (events appended to it without
    /// the library included, as stored); empty when the stream does not exist.
    /// </summary>
    /// <exception cref="ArgumentException">The key is not a stream of the library's (see <see cref="Keys"/>).</exception>
    /// <param name="streamKey">e.g. <c>region:beijing</c> (see <see cref="Keys"/>).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public IAsyncEnumerable<AuditedEvent> HistoryAsync(string streamKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamKey);
        HubsModel.Of(streamKey);
        return _reader.ReadAsync(new EventQuery(StreamKey: streamKey), null, cancellationToken);
    }

    /// <summary>
    /// The state of an aggregate after a stream version, or including everything recorded at or before an instant (the
    /// library-assigned recorded-at, the one the hash covers), with the version and hash of the last event folded.
    /// Long streams are folded from the nearest checkpoint at or before the point (<see cref="HubsOptions.CheckpointInterval"/>),
    /// used only while the stored event it stands on still carries its hash and the seal of the checkpoint's state;
    /// <see cref="AuditedState.CheckpointVersion"/> says which one, <see cref="AuditedState.RefusedCheckpointVersion"/> which
    /// one was found but refused. Pass <paramref name="fullReplay"/> to fold every event from version 1 instead.
    /// </summary>
    /// <param name="streamKey">e.g. <c>cluster:greater-bay-area</c>.</param>
    /// <param name="at">The point; null for now.</param>
    /// <param name="fullReplay">True to ignore checkpoints and fold the whole stream.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>Null when the stream had no event at that point.</returns>
    public async Task<AuditedState?> StateAsync(string streamKey, StatePoint? at = null, bool fullReplay = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamKey);
        HubsModel.Of(streamKey);
        var loaded = await _loader.LoadAsync(streamKey, at, useCheckpoints: !fullReplay, cancellationToken).ConfigureAwait(false);
        return loaded.State is null ? null
            : new AuditedState(streamKey, loaded.Version, loaded.RecordedAt, loaded.Hash, loaded.State) {
                CheckpointVersion = loaded.CheckpointVersion, RefusedCheckpointVersion = loaded.RefusedCheckpointVersion,
                SkippedEvents = loaded.Skipped,
            };
    }

    /// <summary>
    /// Recomputes every hash chain from PostgreSQL's own stored text in one streamed pass, checks each stream's record and
    /// every state checkpoint (anchor hash, seal, and state against a fold of the stream up to it), the domain's cross-stream
    /// rules over the whole history (<see cref="BreakKind.InvariantViolation"/>), the uncovered columns that change how an
    /// event is read (<see cref="BreakKind.MetadataMismatch"/>),
    /// with a <see cref="HubsOptions.VerificationKey"/> that every stream's head is covered by a valid signature
    /// (<see cref="BreakKind.SignatureMismatch"/>), and, when <paramref name="expectedDigest"/> (saved from an earlier verification) is given, that every stream it
    /// recorded is still there, at least as long, with the same hash at the recorded version.
    /// </summary>
    /// <param name="expectedDigest">A digest kept outside the database since an earlier verification, or null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async Task<VerificationReport> VerifyAsync(Digest? expectedDigest = null, CancellationToken cancellationToken = default)
    {
        using var activity = HubsTelemetry.Start(HubsTelemetry.VerifySpan, "verify");
        await _loader.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        // One snapshot for events, stream records and checkpoints: a concurrent append must not look like a deleted tail.
        await using var conn = await _reader.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        // The passes the database does most of (cross-stream rules, metadata columns) run on a second connection that sees the
        // very same snapshot (PostgreSQL's exported snapshots), beside the hash pass whose work is the client's.
        await using var beside = await _reader.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var besideSnapshot = await ShareSnapshotAsync(conn, beside, cancellationToken).ConfigureAwait(false);
        var databasePasses = Task.Run(async () =>
        {
            var found = await InvariantVerifier.RunAsync(beside, _reader, cancellationToken).ConfigureAwait(false);
            found.AddRange(await MetadataVerifier.RunAsync(beside, _reader.Schema, cancellationToken).ConfigureAwait(false));
            return found;
        }, cancellationToken);
        VerificationReport report;
        var checkpointBreaks = new List<ChainBreak>();
        try
        {
            report = await ChainVerifier.RunAsync(expectedDigest, _reader.ReadAsync(new EventQuery(), conn, cancellationToken),
                () => _reader.ReadStreamVersionsAsync(conn, cancellationToken),
                HashChain.ToMicroseconds(_options.TimeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            checkpointBreaks.AddRange(await CheckpointVerifier.RunAsync(conn, _reader, _loader, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            // Never leave the second pass running on a connection about to be closed; its own failure is rethrown below.
            try { await databasePasses.ConfigureAwait(false); } catch { /* observed below, or lost to the hash pass's failure */ }
        }
        // In the order they were reported before the passes ran side by side: checkpoints, invariants, metadata.
        checkpointBreaks.AddRange(await databasePasses.ConfigureAwait(false));
        var uncheckedSigned = new List<string>();
        if (_options.VerificationKey is { } publicKey)
        {
            var signatures = await SignatureVerifier.RunAsync(conn, _reader.Schema, _documentSchema, publicKey, cancellationToken).ConfigureAwait(false);
            checkpointBreaks.AddRange(signatures.Breaks);
            uncheckedSigned = signatures.UncheckedAbsentStreams;
        }
        await besideSnapshot.RollbackAsync(cancellationToken).ConfigureAwait(false);
        await snapshot.RollbackAsync(cancellationToken).ConfigureAwait(false);
        var verified = checkpointBreaks.Count == 0 ? report : report.With(checkpointBreaks);
        if (uncheckedSigned.Count > 0) verified = verified.WithOutside(uncheckedSigned.Select(s => new UnownedStream(s, 0)));
        VerifyTelemetry.Record(activity, verified, _log);
        return verified;
    }

    /// <summary>Starts a repeatable-read transaction on <paramref name="other"/> that sees exactly <paramref name="conn"/>'s snapshot.</summary>
    private static async Task<Npgsql.NpgsqlTransaction> ShareSnapshotAsync(Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlConnection other, CancellationToken ct)
    {
        await using var export = new Npgsql.NpgsqlCommand("select pg_export_snapshot()", conn);
        var id = (string)(await export.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        var tx = await other.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        await using var set = new Npgsql.NpgsqlCommand($"set transaction snapshot '{id.Replace("'", "''", StringComparison.Ordinal)}'", other, tx);
        await set.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return tx;
    }

    /// <summary>
    /// Writes every event of the library's streams (or of one of them) in sequence order, with metadata and hashes, row by row
    /// as it is read: memory stays flat whatever the size. Other applications' streams in a shared store are left out; an event
    /// on one of the library's streams that it did not write is exported as stored, so an external check finds the same break
    /// as <see cref="VerifyAsync"/>. The output is not closed.
    /// </summary>
    /// <param name="output">Where to write (a file, a response body…).</param>
    /// <param name="format">JSON Lines or CSV.</param>
    /// <param name="streamKey">One stream, or null for everything.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>How many events were written.</returns>
    public Task<long> ExportAsync(Stream output, ExportFormat format, string? streamKey = null, CancellationToken cancellationToken = default) =>
        ExportAsync(output, format, new ExportOptions { StreamKey = streamKey }, cancellationToken);

    /// <summary>
    /// Writes events as <see cref="ExportAsync(Stream, ExportFormat, string, CancellationToken)"/> does, with options: one
    /// stream, and the upgraded form of each event beside the stored one.
    /// </summary>
    /// <param name="output">Where to write.</param>
    /// <param name="format">JSON Lines or CSV.</param>
    /// <param name="options">What to write.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>How many events were written.</returns>
    public async Task<long> ExportAsync(Stream output, ExportFormat format, ExportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, "Choose JsonLines or Csv.");
        var streamKey = options.StreamKey;
        if (streamKey is not null) ArgumentException.ThrowIfNullOrWhiteSpace(streamKey);
        if (streamKey is not null && !StoredEventReader.IsOwnedStream(streamKey))
            throw new ArgumentException($"'{streamKey}' is not one of the library's streams; export covers only the streams it seals.", nameof(options));
        using var activity = VerifyTelemetry.StartExport(format, streamKey);
        using var writer = new AuditExportWriter(output, format, options.IncludeUpgraded);
        long count = 0;
        await foreach (var e in _reader.ReadAsync(new EventQuery(StreamKey: streamKey, OwnedStreamsOnly: true), null, cancellationToken).ConfigureAwait(false))
        {
            var upgraded = options.IncludeUpgraded ? _reader.ToUpgradedJson(e) : null;
            await writer.WriteAsync(e, upgraded, cancellationToken).ConfigureAwait(false);
            count++;
        }
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        activity?.SetTag(HubsTelemetry.EventCount, count);
        return count;
    }
}
