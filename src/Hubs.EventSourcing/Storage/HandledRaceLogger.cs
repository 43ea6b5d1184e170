using Marten;
using Marten.Services;
using Npgsql;

namespace Hubs.EventSourcing.Storage;

/// <summary>
/// The session logger of the library's write sessions. Marten logs every failed command at error level
/// (<c>DefaultMartenLogger.LogFailure</c>), including the ones the library expects and handles: a write that lost a race to a
/// concurrent writer (Marten's stream-version check, <c>MT003</c>, or a unique violation, <c>23505</c>, on a stream, an event
/// version or the idempotency row) is re-read and re-decided, or reported as <see cref="HubsConcurrencyException"/>. Those
/// failures go to the library's own log at debug level instead; every other failure, and everything else, goes to the
/// session's logger as before.
/// </summary>
internal sealed class HandledRaceLogger(IMartenSessionLogger inner, Diagnostics.HubsLog log) : IMartenSessionLogger
{
    /// <summary>Marten's stream-version check in its append function (<c>RAISE … USING ERRCODE = 'MT003'</c>).</summary>
    private const string StreamVersionMismatch = "MT003";

    /// <summary>Puts this logger in front of the session's own.</summary>
    public static void Install(IDocumentSession session, Diagnostics.HubsLog log) => session.Logger = new HandledRaceLogger(session.Logger, log);

    /// <summary>Whether <paramref name="ex"/> (or an exception it wraps) is a lost race the library handles.</summary>
    public static bool IsHandledRace(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: StreamVersionMismatch or PostgresErrorCodes.UniqueViolation }
                or JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException
                or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
                return true;
        return false;
    }

    public void LogFailure(NpgsqlCommand command, Exception ex)
    {
        if (IsHandledRace(ex)) log.LostRaceHandled(SqlState(ex));
        else inner.LogFailure(command, ex);
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex)
    {
        if (IsHandledRace(ex)) log.LostRaceHandled(SqlState(ex));
        else inner.LogFailure(batch, ex);
    }

    public void LogFailure(Exception ex, string message)
    {
        if (IsHandledRace(ex)) log.LostRaceHandled(SqlState(ex));
        else inner.LogFailure(ex, message);
    }

    public void LogSuccess(NpgsqlCommand command) => inner.LogSuccess(command);
    public void LogSuccess(NpgsqlBatch batch) => inner.LogSuccess(batch);
    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) => inner.RecordSavedChanges(session, commit);
    public void OnBeforeExecute(NpgsqlCommand command) => inner.OnBeforeExecute(command);
    public void OnBeforeExecute(NpgsqlBatch batch) => inner.OnBeforeExecute(batch);

    private static string SqlState(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
            if (e is PostgresException p) return p.SqlState;
        return ex.GetType().Name;
    }
}
