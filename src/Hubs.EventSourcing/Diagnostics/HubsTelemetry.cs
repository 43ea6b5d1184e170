using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Hubs.EventSourcing.Diagnostics;

/// <summary>
/// The library's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Hubs.EventSourcing</c>, and the
/// names of their spans, instruments and tags (docs/operations.md lists them). Everything here costs a null check when nobody
/// listens: <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and disabled instruments are skipped.
/// </summary>
internal static class HubsTelemetry
{
    /// <summary>The name of the source and the meter: what a user passes to <c>AddSource</c> and <c>AddMeter</c>.</summary>
    public const string Name = "Hubs.EventSourcing";

    private static readonly string? Version =
        typeof(HubsTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    public static readonly ActivitySource Source = new(Name, Version);
    public static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> Commands = Meter.CreateCounter<long>("hubs.commands", "{command}",
        "Commands (single or batch) handled, by type and outcome.");
    public static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>("hubs.command.duration", "s",
        "Time to handle a command or batch, from validation to the end of the append.", tags: null,
        // OpenTelemetry's recommended boundaries for durations in seconds; the SDK's default ones are for milliseconds.
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("hubs.command.conflicts", "{conflict}",
        "Appends that lost an optimistic-concurrency race to another writer.");
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("hubs.command.retries", "{retry}",
        "Re-decisions after a lost race.");
    public static readonly Counter<long> EventsAppended = Meter.CreateCounter<long>("hubs.events.appended", "{event}",
        "Events appended by commands and batches.");
    public static readonly Counter<long> BatchCommands = Meter.CreateCounter<long>("hubs.batch.commands", "{command}",
        "Commands carried by batches (e.g. import rows), by outcome of their batch.");
    public static readonly Counter<long> VerifyBreaks = Meter.CreateCounter<long>("hubs.verify.breaks", "{break}",
        "Integrity breaks found by verification, by kind.");
    public static readonly Counter<long> VerifyEvents = Meter.CreateCounter<long>("hubs.verify.events", "{event}",
        "Events whose hash verification recomputed.");

    /// <summary>Any command instrument enabled: then a command is measured even when no span is recorded.</summary>
    public static bool CommandMetricsEnabled =>
        Commands.Enabled || CommandDuration.Enabled || Conflicts.Enabled || Retries.Enabled || EventsAppended.Enabled || BatchCommands.Enabled;

    // Span (operation) names.
    public const string CommandSpan = "hubs.command";
    public const string BatchSpan = "hubs.batch";
    public const string CheckSpan = "hubs.check";
    public const string ValidateSpan = "hubs.validate";
    public const string IdempotencySpan = "hubs.idempotency";
    public const string LoadSpan = "hubs.load";
    public const string DecideSpan = "hubs.decide";
    public const string AppendSpan = "hubs.append";
    public const string VerifySpan = "hubs.verify";
    public const string ExportSpan = "hubs.export";
    public const string RebuildSpan = "hubs.rebuild";
    public const string ReplaySpan = "hubs.replay";

    // Tag names.
    public const string CommandType = "hubs.command.type";
    public const string CommandId = "hubs.command.id";
    public const string CorrelationId = "hubs.correlation.id";
    public const string Outcome = "hubs.command.outcome";
    public const string RetryCount = "hubs.command.retry_count";
    public const string BatchSize = "hubs.batch.size";
    public const string StreamKeys = "hubs.stream.keys";
    public const string StreamCount = "hubs.stream.count";
    public const string EventCount = "hubs.event.count";
    public const string BreakCount = "hubs.verify.break_count";
    public const string BreakKindTag = "hubs.verify.break_kind";
    public const string Intact = "hubs.verify.intact";
    public const string Format = "hubs.export.format";
    public const string StreamKey = "hubs.stream.key";
    public const string AsOf = "hubs.replay.as_of";
    public const string KnownAt = "hubs.replay.known_at";
    public const string ErrorType = "error.type";

    /// <summary>Streams named one by one on a span up to this many; a larger batch carries only <see cref="StreamCount"/>.</summary>
    public const int MaxStreamKeysTagged = 16;

    /// <summary>A stage of the command pipeline, as a child of the command's span; null (free) when nobody listens.</summary>
    public static Activity? StartStage(string name) => Source.StartActivity(name);

    /// <summary>A top-level operation's span; null when nobody listens.</summary>
    public static Activity? Start(string name, string displayName)
    {
        var activity = Source.StartActivity(name);
        if (activity is not null) activity.DisplayName = displayName;
        return activity;
    }

    private static readonly ConcurrentDictionary<Type, string> TypeNames = new();

    /// <summary>The kebab-case command name (as in fingerprints and messages), computed once per type.</summary>
    public static string TypeOf(IHubsCommand command) =>
        TypeNames.GetOrAdd(command.GetType(), static (_, c) => Storage.CommandFingerprint.NameOf(c), command);

    /// <summary>Marks a span failed with a low-cardinality <c>error.type</c>; never the message, which may quote input values.</summary>
    public static void Fail(Activity? activity, string errorType)
    {
        if (activity is null) return;
        activity.SetTag(ErrorType, errorType);
        activity.SetStatus(ActivityStatusCode.Error);
    }
}
