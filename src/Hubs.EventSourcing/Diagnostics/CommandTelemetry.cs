using System.Diagnostics;
using static Hubs.EventSourcing.Diagnostics.HubsTelemetry;

namespace Hubs.EventSourcing.Diagnostics;

/// <summary>
/// One command's (or batch's) span, timer and counts while it runs. Created only when something listens (a span listener, an
/// enabled instrument, or a logger that would write a warning), so the unobserved path allocates nothing for telemetry.
/// </summary>
internal sealed class CommandTelemetry
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly HubsLog _log;
    private readonly bool _batch;

    private CommandTelemetry(Activity? activity, string type, bool batch, int commandCount, HubsLog log)
    {
        Activity = activity;
        Type = type;
        _batch = batch;
        CommandCount = commandCount;
        _log = log;
    }

    public Activity? Activity { get; }
    public string Type { get; }
    /// <summary>Commands carried; an import learns it only at the end of its input.</summary>
    public int CommandCount { get; set; }
    public int Retries { get; private set; }
    public long EventsAppended { get; private set; }

    /// <summary>False when nobody would see anything: the pipeline then runs without any telemetry.</summary>
    public static bool IsObserved(HubsLog log) => Source.HasListeners() || CommandMetricsEnabled || log.CommandWarningsEnabled;

    /// <summary>Starts the command's span (when sampled) and timer.</summary>
    public static CommandTelemetry Begin(IReadOnlyList<IHubsCommand> commands, CommandContext context, bool batch, HubsLog log)
    {
        if (batch) return Start("batch", "send batch", true, commands.Count, context, log);
        var type = TypeOf(commands[0]);
        return Start(type, "send " + type, false, 1, context, log);
    }

    /// <summary>Starts an import's span and timer (a batch whose size is known at the end: <see cref="CommandCount"/>).</summary>
    public static CommandTelemetry BeginImport(CommandContext context, HubsLog log) => Start("batch", "import", true, 0, context, log);

    private static CommandTelemetry Start(string type, string displayName, bool batch, int commandCount, CommandContext context, HubsLog log)
    {
        var activity = Source.StartActivity(batch ? BatchSpan : CommandSpan);
        if (activity is { IsAllDataRequested: true })
        {
            activity.DisplayName = displayName;
            activity.SetTag(CommandType, type);
            activity.SetTag(CommandId, context.CommandId.ToString("D"));
            activity.SetTag(CorrelationId, context.CorrelationId);
            if (batch && commandCount > 0) activity.SetTag(BatchSize, commandCount);
        }
        return new CommandTelemetry(activity, type, batch, commandCount, log);
    }

    /// <summary>The streams the command touches, known once it is planned.</summary>
    public void Planned(string[] keys)
    {
        if (Activity is not { IsAllDataRequested: true } a) return;
        a.SetTag(StreamCount, keys.Length);
        if (keys.Length <= MaxStreamKeysTagged) a.SetTag(StreamKeys, keys);
    }

    /// <summary>An append lost to another writer.</summary>
    public void LostRace()
    {
        Conflicts.Add(1, new KeyValuePair<string, object?>(CommandType, Type));
        Activity?.AddEvent(new ActivityEvent("conflict"));
    }

    /// <summary>The command is decided again after a lost race.</summary>
    public void Retrying()
    {
        Retries++;
        HubsTelemetry.Retries.Add(1, new KeyValuePair<string, object?>(CommandType, Type));
    }

    /// <summary>The decision's events were written.</summary>
    public void Appended(List<Storage.StreamWrite> writes) => Appended(writes.Sum(w => (long)w.Events.Count));

    /// <summary>This many events were written (an import's, counted by its transaction).</summary>
    public void Appended(long events)
    {
        EventsAppended += events;
        HubsTelemetry.EventsAppended.Add(events, new KeyValuePair<string, object?>(CommandType, Type));
    }

    /// <summary>Ends the span and records the outcome: appended, no-change, already-applied.</summary>
    public void Completed(CommandResult result) => End(result.Outcome switch
    {
        CommandOutcome.Appended => "appended",
        CommandOutcome.NoChange => "no-change",
        _ => "already-applied",
    }, null);

    /// <summary>Ends the span and records the failure: rejected:&lt;code&gt;, conflict, or the exception's type.</summary>
    public void Failed(Exception ex, CommandContext context)
    {
        switch (ex)
        {
            case CommandRejectedException rejected:
                End("rejected:" + (rejected.Violations.Count > 0 ? rejected.Violations[0].Code : "unknown"), null);
                break;
            case HubsConcurrencyException conflict:
                // No expected version: the bounded re-decisions all lost. With one, the caller's view was stale: theirs to handle.
                if (conflict.ExpectedVersion is null) _log.RetriesExhausted(Type, context.CommandId, conflict.StreamKey, Retries + 1);
                End("conflict", "conflict");
                break;
            case OperationCanceledException:
                End("cancelled", "cancelled");
                break;
            default:
                End("error", ex.GetType().FullName ?? "error");
                break;
        }
    }

    private void End(string outcome, string? errorType)
    {
        var a = Activity;
        if (a is not null)
        {
            a.SetTag(Outcome, outcome);
            a.SetTag(RetryCount, Retries);
            a.SetTag(EventCount, EventsAppended);
            if (errorType is not null) Fail(a, errorType);
            if (_batch) a.SetTag(BatchSize, CommandCount);
            a.Dispose();
        }
        var type = new KeyValuePair<string, object?>(CommandType, Type);
        var result = new KeyValuePair<string, object?>(Outcome, outcome);
        Commands.Add(1, type, result);
        CommandDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, type, result);
        if (_batch) BatchCommands.Add(CommandCount, result);
    }
}
