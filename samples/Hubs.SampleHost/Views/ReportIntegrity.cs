using System.Globalization;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Auditing;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;

namespace Hubs.SampleHost.Views;

/// <summary>One break of the verification as a report shows it: where, what kind, and the figure its event carries.</summary>
/// <param name="Affects">The stored event at that version as read now (type and fields: e.g. an R&amp;D figure's year and
/// value), or null when there is no event there any more (a deleted tail, a removed stream).</param>
internal sealed record ReportBreak(string StreamKey, long Version, string Kind, string Detail, string? Affects);

/// <summary>
/// The verification state a report carries, so that figures from a store whose hash chains are broken are never shown as
/// if nothing were wrong. A reader must not write, so the state is not kept in the store: the report verifies the store
/// itself (a full pass over the log, seconds for 200k events) unless told not to (<c>--no-verify</c>), and says which.
/// </summary>
internal sealed record ReportIntegrity(VerificationReport? Verification, IReadOnlyList<ReportBreak> Breaks, string? NotRunBecause)
{
    /// <summary>How many breaks are looked up for the figure they affect (one history read per stream).</summary>
    private const int Described = 50;

    public bool Checked => Verification is not null;
    public bool Intact => Verification is null || Verification.IsIntact;

    /// <summary>Exit code of a report: 3 when the verification found a break (the report is printed all the same).</summary>
    public int ExitCode => Intact ? ExitCodes.Success : ExitCodes.IntegrityFailure;

    public static async Task<ReportIntegrity> CheckAsync(HubsStore store, bool skip, CancellationToken ct)
    {
        if (!store.HasEventStore) return new(null, [], "the store holds no events");
        if (skip) return new(null, [], "--no-verify");
        return await OfAsync(store, await store.Audit.VerifyAsync(null, ct), ct);
    }

    /// <summary>The integrity of a verification already run (evidence verifies before it exports).</summary>
    public static async Task<ReportIntegrity> OfAsync(HubsStore store, VerificationReport verification, CancellationToken ct)
    {
        var breaks = new List<ReportBreak>(verification.Breaks.Count);
        var histories = new Dictionary<string, Dictionary<long, AuditedEvent>>(StringComparer.Ordinal);
        foreach (var b in verification.Breaks)
        {
            string? affects = null;
            if (breaks.Count < Described)
            {
                if (!histories.TryGetValue(b.StreamKey, out var events))
                {
                    histories[b.StreamKey] = events = [];
                    try
                    {
                        await foreach (var e in store.Audit.HistoryAsync(b.StreamKey, ct)) events[e.Version] = e;
                    }
                    catch (ArgumentException)
                    {
                        // Not one of the library's streams (a break such as an unsealed event on a foreign key): no figure to name.
                    }
                }
                if (events.TryGetValue(b.Version, out var found)) affects = Describe(found);
            }
            breaks.Add(new ReportBreak(b.StreamKey, b.Version, StateViews.Kebab(b.Kind), b.Detail, affects));
        }
        return new(verification, breaks, null);
    }

    /// <summary>The event's type and its fields on one line: <c>rd_intensity_reported: year 2024, intensityPct 3.9, …</c>.</summary>
    private static string Describe(AuditedEvent e)
    {
        string fields;
        try
        {
            fields = Commands.HistoryCommand.Summary(e.Payload, e.StreamKey).Replace("\n", ", ", StringComparison.Ordinal);
        }
        catch (System.Text.Json.JsonException)
        {
            fields = "(payload is not JSON)";
        }
        return $"{e.EventType}: {fields}";
    }

    /// <summary>One line for the top of a text report, then one line per break.</summary>
    public void Print()
    {
        var o = Consoles.Out;
        if (Verification is null)
        {
            o.MarkupLineInterpolated($"[grey]Verification: not run ({NotRunBecause}): the figures below are not checked against the hash chains.[/]");
            return;
        }
        if (Verification.IsIntact)
        {
            o.MarkupLineInterpolated(
                $"[grey]Verification: intact — {Verification.EventsChecked} events in {Verification.Digest.Streams.Count} hash chains recomputed for this report (--no-verify skips it).[/]");
            return;
        }
        o.MarkupLineInterpolated(
            $"[red]WARNING: the store FAILED verification[/] ({Breaks.Count} break(s) in {Verification.EventsChecked} events): figures below may come from events that were altered or removed. Run hubs verify for the whole result.");
        foreach (var b in Breaks)
            o.MarkupLineInterpolated($"  [red]BREAK[/] {Where(b.StreamKey, b.Version)} {b.Kind}: {b.Detail}{(b.Affects is null ? "" : " — affects " + b.Affects)}");
    }

    /// <summary>
    /// Where a break is: <c>region:beijing v3</c>, or <c>(whole store)</c> for a break of no one stream (the store's totals
    /// went down against a digest), which printed as <c>BREAK  v0 totals-decreased</c>.
    /// </summary>
    public static string Where(string streamKey, long version) =>
        streamKey.Length == 0 ? "(whole store)" : $"{streamKey} v{version.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The <c>verification</c> object of a report's JSON.</summary>
    public object ToJson() => new
    {
        @checked = Checked,
        notRunBecause = NotRunBecause,
        intact = Checked ? Verification!.IsIntact : (bool?)null,
        eventsChecked = Verification?.EventsChecked,
        digestRoot = Verification?.Digest.Root,
        breaks = Breaks.Select(b => new { streamKey = b.StreamKey, version = b.Version, kind = b.Kind, detail = b.Detail, affects = b.Affects }),
    };
}
