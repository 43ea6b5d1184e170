using System.Collections.Concurrent;
using Hubs.EventSourcing.Auditing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hubs.EventSourcing.Diagnostics;

/// <summary>
/// The library's log lines, one place for all of them: structured, with stable event ids, and never a connection string or a
/// payload value (stream keys, command types and ids, counts and break kinds only). Silent unless the application registered
/// logging. One per service provider, so "once per type" warnings are once per application.
/// </summary>
internal sealed partial class HubsLog
{
    public static readonly HubsLog Silent = new(null);

    private readonly ILogger _commands;
    private readonly ILogger _audit;
    private readonly ILogger _reader;
    private readonly ConcurrentDictionary<string, byte> _skippedTypes = new(StringComparer.Ordinal);

    public HubsLog(ILoggerFactory? factory)
    {
        factory ??= NullLoggerFactory.Instance;
        _commands = factory.CreateLogger<HubsCommands>();
        _audit = factory.CreateLogger<HubsAudit>();
        _reader = factory.CreateLogger("Hubs.EventSourcing.StoredEvents");
    }

    /// <summary>A command's warnings would be written: then commands are observed even without a span or metric listener.</summary>
    public bool CommandWarningsEnabled => _commands.IsEnabled(LogLevel.Warning);

    public void RetriesExhausted(string commandType, Guid commandId, string streamKey, int attempts) =>
        LogRetriesExhausted(_commands, commandType, commandId, streamKey, attempts);

    [LoggerMessage(EventId = 1601, EventName = "RetriesExhausted", Level = LogLevel.Warning,
        Message = "Command {CommandType} {CommandId} gave up on stream {StreamKey} after {Attempts} attempts lost to concurrent writers; nothing was written")]
    private static partial void LogRetriesExhausted(ILogger logger, string commandType, Guid commandId, string streamKey, int attempts);

    /// <summary>A write lost a race the library handles (re-read and retried, or reported as a concurrency exception).</summary>
    public void LostRaceHandled(string sqlState) => LogLostRaceHandled(_commands, sqlState);

    [LoggerMessage(EventId = 1606, EventName = "LostRaceHandled", Level = LogLevel.Debug,
        Message = "A write lost a race to a concurrent writer ({SqlState}); the library re-reads and retries it, so the database error is not logged as an error")]
    private static partial void LogLostRaceHandled(ILogger logger, string sqlState);

    /// <summary>
    /// A write the library sent itself (not through a Marten session, whose logger says it) failed for a reason it does not
    /// handle: logged at error level, as Marten logs its own failed commands; the exception goes to the caller.
    /// </summary>
    public void WriteFailed(Exception ex) => LogWriteFailed(_commands, ex, ex.Message);

    [LoggerMessage(EventId = 1607, EventName = "WriteFailed", Level = LogLevel.Error,
        Message = "A write failed and nothing was written: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, Exception ex, string reason);

    /// <summary>An event type the library does not own was skipped by a fold or replay: said once per type.</summary>
    public void ForeignEventSkipped(string eventType)
    {
        if (!_reader.IsEnabled(LogLevel.Warning) || !_skippedTypes.TryAdd(eventType, 0)) return;
        LogForeignEventSkipped(_reader, eventType);
    }

    [LoggerMessage(EventId = 1602, EventName = "ForeignEventSkipped", Level = LogLevel.Warning,
        Message = "Skipping stored events of type {EventType}: the library does not own that type (logged once per type)")]
    private static partial void LogForeignEventSkipped(ILogger logger, string eventType);

    public void VerifyBroken(VerificationReport report)
    {
        if (!_audit.IsEnabled(LogLevel.Error)) return;
        var first = report.Breaks[0];
        LogVerifyBroken(_audit, report.Breaks.Count, report.EventsChecked, first.StreamKey, first.Version, first.Kind);
        foreach (var b in report.Breaks.Take(MaxBreaksLogged)) LogBreak(_audit, b.StreamKey, b.Version, b.Kind);
    }

    /// <summary>Breaks listed one by one (at debug) up to this many; the report has all of them.</summary>
    private const int MaxBreaksLogged = 100;

    [LoggerMessage(EventId = 1603, EventName = "VerifyBroken", Level = LogLevel.Error,
        Message = "Verification found {BreakCount} integrity breaks in {EventsChecked} events; first on stream {StreamKey} at version {Version} ({BreakKind})")]
    private static partial void LogVerifyBroken(ILogger logger, int breakCount, long eventsChecked, string streamKey, long version, BreakKind breakKind);

    [LoggerMessage(EventId = 1604, EventName = "VerifyBreak", Level = LogLevel.Debug,
        Message = "Integrity break on stream {StreamKey} at version {Version}: {BreakKind}")]
    private static partial void LogBreak(ILogger logger, string streamKey, long version, BreakKind breakKind);

    public void Verified(long eventsChecked) => LogVerified(_audit, eventsChecked);

    [LoggerMessage(EventId = 1605, EventName = "Verified", Level = LogLevel.Information,
        Message = "Verification found every hash chain intact ({EventsChecked} events)")]
    private static partial void LogVerified(ILogger logger, long eventsChecked);
}
