using System.ComponentModel;
using System.Globalization;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Auditing;
using Hubs.SampleHost.Infrastructure;
using Hubs.SampleHost.Views;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal class StreamSettings : OutputSettings
{
    [CommandArgument(0, "<STREAM>")]
    [Description("A stream key (region:beijing, cluster:greater-bay-area, enterprise:joygovai) or a plain id when only one kind has it.")]
    public string Stream { get; set; } = "";
}

/// <summary>Resolves 'beijing' to 'region:beijing' when exactly one kind of stream has that id.</summary>
internal static class StreamKeys
{
    /// <summary>The stream key the input names, which must exist; a usage error (exit 2) otherwise.</summary>
    public static async Task<(string Key, long Version)> ResolveExistingAsync(HubsQueries queries, string input, CancellationToken ct)
    {
        var key = await ResolveAsync(queries, input, ct);
        var version = await queries.GetVersionAsync(key, ct);
        if (version == 0)
            throw new UsageException($"No stream '{key}' exists{(Keys.StreamPrefixes.Contains(Keys.Parse(key).Kind) ? "" : $" (stream keys start with {string.Join(", ", Keys.StreamPrefixes.Select(p => p + ":"))})")}.");
        return (key, version);
    }

    public static async Task<string> ResolveAsync(HubsQueries queries, string input, CancellationToken ct)
    {
        if (input.Contains(':', StringComparison.Ordinal)) return input;
        // An id as typed, else a name's slug (`Beijing` → beijing, `Hong Kong` → hong-kong), as write commands take names.
        var found = new List<string>();
        foreach (var id in new[] { input, Keys.Slugify(input) }.Where(i => i.Length > 0).Distinct())
        {
            foreach (var key in Keys.StreamPrefixes.Select(prefix => prefix + ":" + id))
                if (await queries.GetVersionAsync(key, ct) > 0) found.Add(key);
            if (found.Count > 0) break;
        }
        return found.Count switch
        {
            1 => found[0],
            0 => throw new UsageException($"No stream has the id '{input}' (nor '{Keys.Slugify(input)}'); give an id such as beijing or a stream key such as region:beijing."),
            _ => throw new UsageException($"'{input}' names several streams ({string.Join(", ", found)}); give the full key."),
        };
    }
}

/// <summary>Every event of a stream with its audit metadata and hash.</summary>
internal sealed partial class HistoryCommand : AsyncCommand<StreamSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, StreamSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken);
        var (key, _) = await StreamKeys.ResolveExistingAsync(store.Queries, settings.Stream, cancellationToken);
        var events = new List<AuditedEvent>();
        await foreach (var e in store.Audit.HistoryAsync(key, cancellationToken)) events.Add(e);
        if (settings.Json)
        {
            Consoles.WriteJson(events.Select(e => new
            {
                e.StreamKey, e.Version, e.Sequence, e.EventType, recordedAt = e.RecordedAtText, e.Actor, e.Reason, e.Source,
                e.CommandId, e.CorrelationId, e.CausationId, payload = System.Text.Json.JsonDocument.Parse(e.Payload).RootElement, e.Hash,
                e.EventVersion,
            }));
            return ExitCodes.Success;
        }
        var table = new Table().Title($"History of {Markup.Escape(key)}").AddColumn("v").AddColumn("Event / recorded at")
            .AddColumn("What").AddColumn("Who / why / source");
        foreach (var e in events)
            table.AddRow(
                e.Version.ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{e.EventType}\n{e.RecordedAtText}\nhash {(e.Hash.Length > 12 ? e.Hash[..12] + "…" : e.Hash.Length == 0 ? "(none)" : e.Hash)}"),
                Markup.Escape(Summary(e.Payload, e.StreamKey)),
                Markup.Escape($"{e.Actor}\n{e.Reason}\n{e.Source}"));
        Consoles.Out.Write(table.Fit());
        return ExitCodes.Success;
    }
}

internal sealed partial class HistoryCommand
{
    /// <summary>
    /// What an event says, in a line per field, whole (an auditor reads every word; the table wraps): <c>year 2024</c>,
    /// <c>intensityPct 6.58</c>, the figure's own <c>source</c>. Only the id the stream key already names is left out, so a
    /// cluster's history says which region joined and a region's which cluster it was assigned to.
    /// </summary>
    internal static string Summary(string payload, string? streamKey = null)
    {
        using var json = System.Text.Json.JsonDocument.Parse(payload);
        if (json.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) return payload;
        var own = streamKey?.Split(':')[0] is { Length: > 0 } prefix ? prefix + "Id" : null;
        var lines = json.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind is not (System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array)
                        && p.Name != own)
            .Select(p => $"{p.Name} {(p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}");
        return string.Join("\n", lines);
    }
}

internal sealed class ReplaySettings : StreamSettings
{
    [CommandOption("--at <INSTANT>")]
    [Description("State including every event recorded at or before this instant (ISO 8601).")]
    public string? At { get; set; }

    [CommandOption("--version <N>")]
    [Description("State after the event with this stream version.")]
    public long? Version { get; set; }

    [CommandOption("--full-replay")]
    [Description("Fold every event from version 1, ignoring the stream's checkpoints.")]
    public bool FullReplay { get; set; }

    public override ValidationResult Validate()
    {
        if ((At is null) == (Version is null)) return ValidationResult.Error("Give exactly one of --at <instant> or --version <N>.");
        if (At is not null && !Parse.TryInstant(At, out _))
            return ValidationResult.Error($"--at '{At}' is not an ISO 8601 instant such as 2026-01-14T08:00:00Z.");
        if (Version is < 1) return ValidationResult.Error($"--version {Version}: versions start at 1.");
        return base.Validate();
    }
}

/// <summary>Time travel: an aggregate's state at a version or a recorded-at instant.</summary>
internal sealed class ReplayCommand : AsyncCommand<ReplaySettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, ReplaySettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken);
        var (key, current) = await StreamKeys.ResolveExistingAsync(store.Queries, settings.Stream, cancellationToken);
        if (settings.Version > current)
            throw new UsageException($"--version {settings.Version}: {key} has versions 1–{current}.");
        var point = settings.Version is { } v
            ? StatePoint.AtVersion(v)
            : StatePoint.AtInstant(Parse.Instant(settings.At!));
        var state = await store.Audit.StateAsync(key, point, settings.FullReplay, cancellationToken);
        if (settings.Json)
        {
            Consoles.WriteJson(state is null ? new { streamKey = key, exists = false } :
                new
                {
                    streamKey = key, exists = true, state.Version, recordedAt = state.RecordedAt, state.Hash, state.CheckpointVersion,
                    state.RefusedCheckpointVersion, state = state.State,
                });
            return ExitCodes.Success;
        }
        if (state is null)
        {
            Consoles.Out.MarkupLineInterpolated($"{key} did not exist at that point.");
            return ExitCodes.Success;
        }
        Consoles.Out.MarkupLineInterpolated($"[bold]{key}[/] at version {state.Version}, recorded {Views.Formats.Instant(state.RecordedAt)}, hash {state.Hash[..12]}…");
        if (state.RefusedCheckpointVersion is { } refused)
            Consoles.Out.MarkupLineInterpolated(
                $"[red]The checkpoint at version {refused} was refused[/]: it does not match what the hash chain sealed at that version (edited, or history rewritten), so the state was folded from the events. hubs verify reports it as checkpoint-mismatch.");
        if (state.CheckpointVersion is { } from)
            Consoles.Out.MarkupLineInterpolated($"[grey]folded from the checkpoint at version {from} (anchor hash matched); --full-replay folds every event[/]");
        Consoles.Out.Write(StateViews.Of(state.State));
        return ExitCodes.Success;
    }
}

internal sealed class VerifySettings : OutputSettings
{
    [CommandOption("--digest <FILE>")]
    [Description("Also compare with a digest saved earlier (detects deleted tails, removed streams, rewritten history).")]
    public string? Digest { get; set; }

    [CommandOption("--save-digest <FILE>")]
    [Description("Write this verification's digest to a file, to keep outside the database.")]
    public string? SaveDigest { get; set; }

    [CommandOption("--public-key <PEM>")]
    [Description("Also check that every version of every stream is covered by a signature of this ECDSA P-256 key (PEM file; detects forged appends). Default: $HUBS_PUBLIC_KEY.")]
    public string? PublicKey { get; set; }
}

/// <summary>Recomputes every hash chain; exit code 3 on any break or digest mismatch.</summary>
internal sealed class VerifyCommand : AsyncCommand<VerifySettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, VerifySettings settings, CancellationToken cancellationToken)
    {
        Digest? expected = null;
        if (settings.Digest is not null)
        {
            if (!File.Exists(settings.Digest)) throw new UsageException($"Digest file '{settings.Digest}' does not exist.");
            try { expected = Digest.Parse(await File.ReadAllTextAsync(settings.Digest, cancellationToken)); }
            catch (FormatException ex) { throw new UsageException($"{settings.Digest}: {ex.Message}"); }
        }
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken);
        var report = await store.Audit.VerifyAsync(expected, cancellationToken);
        // The digest is saved before anything is printed so that the output can say whether it was, but a failure to save it
        // never hides the verification: the result is printed, then the failure, and an integrity failure keeps exit code 3.
        OutputFileException? notSaved = null;
        if (settings.SaveDigest is not null)
        {
            try { await OutputFiles.WriteAllTextAsync(settings.SaveDigest, report.Digest.ToJson(), "--save-digest", cancellationToken); }
            catch (OutputFileException ex) { notSaved = ex; }
        }
        var intact = report.IsIntact && report.MatchesExpectedDigest != false;
        if (settings.Json)
            Consoles.WriteJson(new
            {
                intact, report.EventsChecked, report.MatchesExpectedDigest,
                digestSaved = settings.SaveDigest is null ? (bool?)null : notSaved is null,
                digestNotSaved = notSaved is null ? null : Secrets.Redact(notSaved.Message),
                breaks = report.Breaks.Select(b => new { b.StreamKey, b.Version, kind = b.Kind, b.Detail }),
                digest = new { report.Digest.Root, report.Digest.EventCount, report.Digest.HighestSequence },
            });
        else
        {
            foreach (var b in report.Breaks)
                Consoles.Out.MarkupLineInterpolated($"[red]BREAK[/] {ReportIntegrity.Where(b.StreamKey, b.Version)} {StateViews.Kebab(b.Kind)}: {b.Detail}");
            if (intact)
            {
                Consoles.Out.MarkupLineInterpolated($"[green]Intact[/]: {report.EventsChecked} events in {report.Digest.Streams.Count} streams verified; digest {report.Digest.Root[..16]}…");
                if (store.SignaturesChecked)
                    Consoles.Out.MarkupLine("Every version of every stream is signed by the public key: no append was made without the signing key.");
                if (expected is not null)
                    Consoles.Out.MarkupLineInterpolated($"Matches the saved digest {settings.Digest} (root {expected.Root[..16]}…, {expected.EventCount} events): nothing it recorded was changed or removed.");
            }
            else
                Consoles.Out.MarkupLineInterpolated($"[red]INTEGRITY FAILURE[/]: {report.Breaks.Count} break(s) in {report.EventsChecked} events{(report.MatchesExpectedDigest == false ? $"; the saved digest {settings.Digest} does not match" : "")}.");
            if (report.StreamsOutsideChains.Count > 0)
                Consoles.Out.MarkupLineInterpolated($"[grey]{report.EventsOutsideChains} event(s) in {report.StreamsOutsideChains.Count} stream(s) the library does not own (outside its chains, not checked): {string.Join(", ", report.StreamsOutsideChains.Take(5).Select(s => s.StreamKey))}{(report.StreamsOutsideChains.Count > 5 ? ", …" : "")}[/]");
            if (settings.SaveDigest is not null && notSaved is null)
                Consoles.Out.MarkupLineInterpolated($"Digest saved to {settings.SaveDigest}: keep it outside the database and compare later with --digest {settings.SaveDigest}.");
        }
        if (notSaved is not null)
        {
            Consoles.Error.MarkupLineInterpolated($"[red]Digest not saved:[/] {Secrets.Redact(notSaved.Message)}. The verification above stands; re-run with a writable --save-digest path to keep the digest.");
            return intact ? ExitCodes.Usage : ExitCodes.IntegrityFailure;
        }
        return intact ? ExitCodes.Success : ExitCodes.IntegrityFailure;
    }
}

internal sealed class ExportSettings : StoreSettings
{
    [CommandArgument(0, "[STREAM]")]
    [Description("One stream (key or plain id); omit with --all.")]
    public string? Stream { get; set; }

    [CommandOption("--all")]
    [Description("Export every stream.")]
    public bool All { get; set; }

    [CommandOption("--format <FORMAT>")]
    [Description("jsonl or csv.")]
    [DefaultValue("jsonl")]
    public string Format { get; set; } = "jsonl";

    [CommandOption("--out <FILE>")]
    [Description("Write to this file instead of stdout.")]
    public string? Out { get; set; }

    [CommandOption("--upgraded")]
    [Description("Add each event as this release reads it (older versions upcast; never hashed) beside the stored payload.")]
    public bool Upgraded { get; set; }

    public override ValidationResult Validate()
    {
        if ((Stream is null) == !All) return ValidationResult.Error("Give a stream or --all (not both).");
        if (Format is not ("jsonl" or "csv")) return ValidationResult.Error($"--format '{Format}' is not jsonl or csv.");
        return base.Validate();
    }
}

/// <summary>Streams events with metadata and hashes to JSON Lines or CSV (docs/auditing.md documents the format).</summary>
internal sealed class ExportCommand : AsyncCommand<ExportSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken);
        // Like history and replay, a stream that does not exist (a typo, an unknown prefix) is a usage error, before any file
        // is created: an empty "successful" export would hide the typo.
        var key = settings.Stream is null ? null : (await StreamKeys.ResolveExistingAsync(store.Queries, settings.Stream, cancellationToken)).Key;
        var format = settings.Format == "csv" ? ExportFormat.Csv : ExportFormat.JsonLines;
        await using var output = settings.Out is null ? Console.OpenStandardOutput() : OutputFiles.Create(settings.Out, "--out");
        var count = await store.Audit.ExportAsync(output, format, new ExportOptions { StreamKey = key, IncludeUpgraded = settings.Upgraded },
            cancellationToken);
        Consoles.Error.MarkupLineInterpolated($"[grey]exported {count} events{(settings.Out is null ? "" : " to " + settings.Out)}[/]");
        return ExitCodes.Success;
    }
}
