using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing;

// Streamed imports: the batch semantics of SendBatchAsync over an input too large to hold (Storage/StreamedImport).
public sealed partial class HubsCommands
{
    /// <summary>
    /// Imports a sequence of commands as one all-or-nothing unit, exactly as <see cref="SendBatchAsync"/> would send them
    /// as one batch — same events, hashes, command ids and idempotency record; every violation of every command reported
    /// together, each with its <see cref="RuleViolation.CommandIndex"/>, and then nothing written — but without holding
    /// the input: chunks of commands are validated, decided and sealed while the previous chunk is copied, so memory is
    /// bounded by the chunk size and the number of streams, not by the input. An input that fits in one chunk (2,000
    /// commands) is sent as a batch.
    /// </summary>
    /// <param name="commands">
    /// The commands, in order. Enumerated once, and once more for each retry after a race lost to a concurrent writer on
    /// the same streams: it must then yield the same commands again (an iterator reading a file does); one that yields
    /// others is refused with <see cref="InvalidOperationException"/>, nothing written. A retry claims each stream's next
    /// version before reading its head, so it does not lose to a writer on those streams again (such writers wait for the import).
    /// </param>
    /// <param name="context">Who, why, which command id (no <see cref="CommandContext.ExpectedVersion"/>).</param>
    /// <param name="progress">Reported after each chunk written.</param>
    /// <param name="cancellationToken">Cancels the import; nothing is written.</param>
    /// <exception cref="CommandRejectedException">At least one command was invalid or broke a rule; nothing was written.</exception>
    /// <exception cref="HubsConcurrencyException">Retries were exhausted under contention; nothing was written.</exception>
    public async Task<CommandResult> ImportAsync(IAsyncEnumerable<IHubsCommand> commands, CommandContext context,
        IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(context);
        if (context is { ExpectedVersion: not null })
            throw new ArgumentException("An import spans many streams; ExpectedVersion applies to single commands only.", nameof(context));
        var ct = cancellationToken;
        var input = new ChunkReader(commands.GetAsyncEnumerator(ct));
        await using (input.ConfigureAwait(false))
        {
            var first = await input.NextAsync(_import.ChunkSize, ct).ConfigureAwait(false);
            if (first.Count == 0) throw new ArgumentException("At least one command is needed.", nameof(commands));
            if (!await input.HasMoreAsync().ConfigureAwait(false))
                return await ObservedAsync(first, context, true, progress is null ? null : new BatchToImportProgress(progress), ct).ConfigureAwait(false);
            input.PutBack(first);

            context = Commanding.CommandCorrelation.Correlated(context);
            var telemetry = CommandTelemetry.IsObserved(_log) ? CommandTelemetry.BeginImport(context, _log) : null;
            try
            {
                var result = await ImportCoreAsync(commands, input, context, progress, telemetry, ct).ConfigureAwait(false);
                telemetry?.Completed(result);
                return result;
            }
            catch (Exception ex)
            {
                telemetry?.Failed(ex, context);
                throw;
            }
        }
    }

    private async Task<CommandResult> ImportCoreAsync(IAsyncEnumerable<IHubsCommand> commands, ChunkReader firstReading, CommandContext context,
        IProgress<ImportProgress>? progress, CommandTelemetry? telemetry, CancellationToken ct)
    {
        ValidateContext(context);
        using var fingerprint = new CommandFingerprint.Builder();
        // A re-sent import is recognised before anything is written: its fingerprint needs the whole input, hashed only.
        if (await Idempotency.FindAsync(_store, context.CommandId, ct).ConfigureAwait(false) is { } found)
        {
            await FingerprintRestAsync(firstReading, fingerprint, ct).ConfigureAwait(false);
            if (telemetry is not null) telemetry.CommandCount = fingerprint.Count;
            if (Idempotency.IsSameCommand(found, fingerprint.Build(), context.CommandId))
                return new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, Idempotency.VersionsOf(found));
        }

        var notBefore = DateTimeOffset.MinValue;
        for (var attempt = 0; ; attempt++)
        {
            var input = attempt == 0 ? null : new ChunkReader(commands.GetAsyncEnumerator(ct));
            var reading = input ?? firstReading;
            var touched = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                var (written, events) = await _import.RunAsync(reading, fingerprint, context, notBefore, touched, claimFirst: attempt > 0, progress, ct).ConfigureAwait(false);
                if (written.Count == 0)
                    return await AppliedBeforeAsync(context.CommandId, fingerprint.Build(), ct).ConfigureAwait(false)
                        ?? new CommandResult(context.CommandId, CommandOutcome.NoChange, []);
                foreach (var head in written) _heads.Remember(head);
                telemetry?.Appended(events);
                return new CommandResult(context.CommandId, CommandOutcome.Appended, written.Select(h => new StreamVersion(h.Key, h.Version)).ToList());
            }
            catch (CommandRejectedException)
            {
                // As for a batch: a concurrent send of this very import may have been applied meanwhile (then the state rejects it).
                if (await AppliedBeforeAsync(context.CommandId, fingerprint.Build(), ct).ConfigureAwait(false) is { } applied) return applied;
                throw;
            }
            catch (LaterTimestampException later)
            {
                // A clock behind the store's last event: start again at that instant (the first attempt saw too few streams).
                notBefore = later.Latest;
                if (attempt + 1 >= _options.MaxConcurrencyRetries)
                    throw new InvalidOperationException($"The import could not choose a recorded-at after {attempt + 1} attempts; nothing was written.", later);
            }
            catch (Exception ex) when (IsLostRace(ex))
            {
                var attempts = attempt + 1;
                if (await AfterLostRaceAsync(touched, attempt, telemetry, async () =>
                        {
                            if (await Idempotency.FindAsync(_store, context.CommandId, ct).ConfigureAwait(false) is not { } applied) return null;
                            // The interrupted reading stopped anywhere: read the input again from the start to complete the fingerprint.
                            await using var again = new ChunkReader(commands.GetAsyncEnumerator(ct));
                            await FingerprintRestAsync(again, fingerprint, ct).ConfigureAwait(false);
                            return Idempotency.IsSameCommand(applied, fingerprint.Build(), context.CommandId)
                                ? new CommandResult(context.CommandId, CommandOutcome.AlreadyApplied, Idempotency.VersionsOf(applied))
                                : null;
                        },
                        () => new HubsConcurrencyException(touched.Order(StringComparer.Ordinal).FirstOrDefault() ?? "?", null, null,
                            $"Gave up on the import after {attempts} attempts lost to concurrent writers on its streams; nothing was written.", ex),
                        mayRetry: true, ct).ConfigureAwait(false) is { } appliedMeanwhile)
                    return appliedMeanwhile;
            }
            finally
            {
                // The span's batch size: the commands read so far (all of them once an attempt has read to the end).
                if (telemetry is not null) telemetry.CommandCount = fingerprint.Count;
                if (input is not null) await input.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads an input from its start into its fingerprint (hashes only: nothing is validated or decided).</summary>
    private async Task FingerprintRestAsync(ChunkReader input, CommandFingerprint.Builder fingerprint, CancellationToken ct)
    {
        var offset = 0;
        for (var index = 0; (await input.NextAsync(_import.ChunkSize, ct).ConfigureAwait(false)) is { Count: > 0 } chunk; index++)
        {
            StreamedImport.Track(fingerprint, index, offset, chunk);
            offset += chunk.Count;
        }
    }

    private sealed class BatchToImportProgress(IProgress<ImportProgress> progress) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            if (value.Stage == BatchStage.Written) progress.Report(new ImportProgress(value.Done, -1));
        }
    }
}

/// <summary>Progress of <see cref="HubsCommands.ImportAsync"/>, after each chunk written.</summary>
/// <param name="CommandsWritten">Commands from the start of the input whose events are all written (uncommitted until the end).</param>
/// <param name="EventsWritten">Events written so far, or -1 when the input was small enough to be sent as one batch.</param>
public sealed record ImportProgress(long CommandsWritten, long EventsWritten);
