using Hubs.EventSourcing.Diagnostics;
using Hubs.EventSourcing.Storage;
using JasperFx;
using DocumentAlreadyExistsException = JasperFx.DocumentAlreadyExistsException;

namespace Hubs.EventSourcing;

// A unit of work that lost a race to a concurrent writer: the one retry rule of sends, batches and streamed imports.
public sealed partial class HubsCommands
{
    private readonly StreamGate _gate = new();

    /// <summary>
    /// True (the default): sends and batches of this service take turns per stream they write (<see cref="StreamGate"/>),
    /// so they never lose a race to each other; only writers elsewhere (other services, other processes) can make them
    /// retry. False is the racing path before it, kept so benchmarks and tests can compare the two.
    /// </summary>
    internal bool OrdersWritersPerStream { get; set; } = true;

    /// <summary>
    /// True (the default): a command without an expected version that lost a race claims its streams' next versions before
    /// reading their heads again (<see cref="BulkWriter.BeginLockedAsync"/>), so a writer in another process cannot win the
    /// same race twice; it waits for this command instead. False is the plain re-read and re-decide, kept so benchmarks and
    /// tests can compare the two.
    /// </summary>
    internal bool LocksStreamsOnRetry { get; set; } = true;

    /// <summary>The COPY writer; internal so tests can hold a retry's claim on a stream.</summary>
    internal BulkWriter Bulk => _bulk;

    /// <summary>
    /// For a retry (attempt 1 on) of a command that may retry: a transaction holding its streams' claims, in which it is then
    /// decided and written. Null on a first attempt, with an expected version, or when the claims could not be taken (a
    /// deadlock with a writer taking streams in another order, or streams that kept moving): that attempt races as before.
    /// </summary>
    private async Task<BulkWriter.BulkTransaction?> LockForRetryAsync(string[] keys, int attempt, CommandContext context, CancellationToken ct)
    {
        if (attempt == 0 || !LocksStreamsOnRetry || context.ExpectedVersion is not null) return null;
        try
        {
            return await _bulk.BeginLockedAsync(keys, ct).ConfigureAwait(false);
        }
        catch (BulkWriteConflictException)
        {
            return null;
        }
    }

    /// <summary>The per-stream turns of this service; internal so tests can see entries released.</summary>
    internal StreamGate Gate => _gate;

    /// <summary>
    /// A write that failed because another writer got there first: a concurrent send of the same command id (its
    /// idempotency row), or another writer on the same streams (a moved or newly created stream). Nothing was written.
    /// </summary>
    private static bool IsLostRace(Exception ex) =>
        ex is DocumentAlreadyExistsException or ConcurrencyException or BulkWriteConflictException
            or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException;

    /// <summary>
    /// After a lost race: forgets the heads read, then asks whether this very command was applied meanwhile (then its
    /// re-send result is returned: done, by the winner); otherwise throws <paramref name="giveUp"/> when no retry is allowed or the retries are spent, or
    /// waits <see cref="Backoff"/> before the caller re-reads and re-decides.
    /// </summary>
    private async Task<CommandResult?> AfterLostRaceAsync(IEnumerable<string> touched, int attempt, CommandTelemetry? telemetry,
        Func<Task<CommandResult?>> appliedMeanwhile, Func<Exception> giveUp, bool mayRetry, CancellationToken ct)
    {
        _heads.Evict(touched);
        telemetry?.LostRace();
        if (await appliedMeanwhile().ConfigureAwait(false) is { } applied) return applied;
        if (!mayRetry || attempt + 1 >= _options.MaxConcurrencyRetries) throw giveUp();
        telemetry?.Retrying();
        await Task.Delay(Backoff(attempt), ct).ConfigureAwait(false);
        return null;
    }

    private static HubsConcurrencyException GaveUp(string key, int attempts, Exception lostRace) =>
        new(key, null, null, $"Gave up on '{key}' after {attempts} attempts lost to concurrent writers; nothing was written.", lostRace);

    /// <summary>
    /// Wall-clock pause before retry <paramref name="attempt"/> + 1: "full jitter" (a random 0 … 2^attempt ms, at most 64 ms),
    /// so writers that lost the same race do not all come back at once and lose it again. Not the options' TimeProvider:
    /// a test clock must not stall a retry.
    /// </summary>
    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(64, 1 << Math.Min(attempt + 1, 6)));
}
