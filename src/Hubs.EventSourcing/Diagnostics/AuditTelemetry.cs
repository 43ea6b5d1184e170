using System.Diagnostics;
using Hubs.EventSourcing.Auditing;
using static Hubs.EventSourcing.Diagnostics.HubsTelemetry;

namespace Hubs.EventSourcing.Diagnostics;

/// <summary>Tags, metrics and log lines of verification and export.</summary>
internal static class VerifyTelemetry
{
    public static void Record(Activity? activity, VerificationReport report, HubsLog log)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(EventCount, report.EventsChecked);
            activity.SetTag(BreakCount, report.Breaks.Count);
            activity.SetTag(Intact, report.IsIntact);
            if (!report.IsIntact) Fail(activity, "integrity-break");
        }
        VerifyEvents.Add(report.EventsChecked);
        if (VerifyBreaks.Enabled)
            foreach (var kinds in report.Breaks.GroupBy(b => b.Kind))
                VerifyBreaks.Add(kinds.Count(), new KeyValuePair<string, object?>(BreakKindTag, Kebab(kinds.Key)));
        if (report.IsIntact) log.Verified(report.EventsChecked);
        else log.VerifyBroken(report);
    }

    public static Activity? StartExport(ExportFormat format, string? streamKey)
    {
        var activity = Start(ExportSpan, "export");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Format, format == ExportFormat.Csv ? "csv" : "jsonl");
            if (streamKey is not null) activity.SetTag(StreamKey, streamKey);
        }
        return activity;
    }

    /// <summary>Break kinds in tags as in the rest of the library's vocabulary: <c>HashMismatch</c> → <c>hash-mismatch</c>.</summary>
    public static string Kebab(BreakKind kind) => KebabNames.Of(kind);
}

/// <summary>Spans of the in-memory replays behind as-of, as-known-at reports and diffs.</summary>
internal static class TrackingTelemetry
{
    public static Activity? StartReplay(DateTimeOffset? asOf, DateOnly? knownAt)
    {
        var activity = Start(ReplaySpan, "replay report");
        if (activity is { IsAllDataRequested: true })
        {
            if (asOf is { } a) activity.SetTag(AsOf, a.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            if (knownAt is { } k) activity.SetTag(KnownAt, k.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        return activity;
    }
}
