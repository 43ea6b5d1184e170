using System.ComponentModel;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;
using Hubs.SampleHost.Views;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal sealed class DiffSettings : OutputSettings
{
    [CommandOption("--from <INSTANT>")]
    [Description("Earlier recorded-at instant (as-of).")]
    public string? From { get; set; }

    [CommandOption("--to <INSTANT>")]
    [Description("Later recorded-at instant (as-of). Default with --from: now.")]
    public string? To { get; set; }

    [CommandOption("--known-from <DATE>")]
    [Description("Earlier publication date (as-known-at).")]
    public string? KnownFrom { get; set; }

    [CommandOption("--known-to <DATE>")]
    [Description("Later publication date (as-known-at).")]
    public string? KnownTo { get; set; }

    public override ValidationResult Validate()
    {
        var byInstant = From is not null || To is not null;
        var byDate = KnownFrom is not null || KnownTo is not null;
        if (byInstant == byDate) return ValidationResult.Error("Give either --from [--to] (instants) or --known-from and --known-to (dates).");
        if (byInstant && (!Parse.TryInstant(From, out _) || (To is not null && !Parse.TryInstant(To, out _))))
            return ValidationResult.Error("--from (and --to) must be ISO 8601 instants such as 2026-01-14T08:00:00Z.");
        if (byDate && (!Parse.TryIsoDate(KnownFrom, out _) || !Parse.TryIsoDate(KnownTo, out _)))
            return ValidationResult.Error("--known-from and --known-to must both be ISO dates such as 2025-09-30.");
        // A reversed range was accepted and came out incomplete (what only the earlier point had was missing): refused.
        if (byInstant && To is not null && Parse.Instant(To) < Parse.Instant(From!))
            return ValidationResult.Error($"--to {To} is before --from {From}: give the earlier instant as --from.");
        if (byDate && Parse.IsoDate(KnownTo!) < Parse.IsoDate(KnownFrom!))
            return ValidationResult.Error($"--known-to {KnownTo} is before --known-from {KnownFrom}: give the earlier date as --known-from.");
        return base.Validate();
    }

    public (ReportPoint From, ReportPoint To) Points()
    {
        return From is not null
            ? (new ReportPoint(AsOf: Parse.Instant(From)), new ReportPoint(AsOf: To is null ? null : Parse.Instant(To)))
            : (new ReportPoint(KnownAt: Parse.IsoDate(KnownFrom!)), new ReportPoint(KnownAt: Parse.IsoDate(KnownTo!)));
    }
}

/// <summary>What changed in the report between two points, and the events that caused each change.</summary>
internal sealed class DiffCommand : AsyncCommand<DiffSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, DiffSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken);
        var (from, to) = settings.Points();
        var diff = await store.Tracking.DiffAsync(from, to, cancellationToken);
        if (settings.Json)
        {
            Consoles.WriteJson(new
            {
                from = diff.From, to = diff.To,
                changes = diff.Changes.Select(c => new
                {
                    kind = c.Kind, subject = c.Subject, item = c.Item, before = c.Before, after = c.After,
                    causes = c.Causes.Select(e => new { e.StreamKey, e.Version, e.Sequence, e.EventType, recordedAt = e.RecordedAtText, e.Actor, e.Reason, e.Source }),
                }),
            });
            return ExitCodes.Success;
        }
        var table = new Table().Title($"{diff.Changes.Count} change(s)").AddColumn("Change").AddColumn("Before → after").AddColumn("Caused by");
        foreach (var c in diff.Changes)
            table.AddRow(
                Markup.Escape($"{StateViews.Kebab(c.Kind)}\n{c.Subject} {c.Item}"),
                Markup.Escape($"{c.Before ?? "-"} → {c.After ?? "-"}"),
                Markup.Escape(c.Causes.Count == 0 ? "(derived)" : string.Join("\n", c.Causes.Select(e => $"{e.StreamKey} v{e.Version} {e.EventType} by {e.Actor}"))));
        Consoles.Out.Write(table.Fit());
        return ExitCodes.Success;
    }
}
