using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Indicators;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal class IndicatorReportSettings : OutputSettings
{
    [CommandOption("--known-at <DATE>")]
    [Description("Only figures published on or before this date (yyyy-MM-dd).")]
    public DateOnly? KnownAt { get; set; }

    [CommandOption("--year <YEAR>")]
    [Description("The year deadlines are judged against (a deadline before it is past). Default: the current year (UTC).")]
    public int? Year { get; set; }

    public int CurrentYear => Year ?? DateTime.UtcNow.Year;
}

internal sealed class IndicatorLeaderboardSettings : IndicatorReportSettings
{
    [CommandOption("--indicator <KEY>")]
    [Description("A catalogue key, e.g. basic_research_share_of_rd.")]
    public string Indicator { get; set; } = IndicatorCatalogue.RdIntensity;

    public override ValidationResult Validate() =>
        IndicatorCatalogue.BuiltIn.Find(Indicator) is null
            ? ValidationResult.Error($"--indicator '{Indicator}' is not in the catalogue: {string.Join(", ", IndicatorCatalogue.BuiltIn.All.Select(d => d.Key))}.")
            : base.Validate();
}

/// <summary>JSON of the indicator commands: kebab-case keys and enum values.</summary>
internal static class IndicatorJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    // A one-shot process runs no daemon: it replays the log through the read models' folds, as `report` does.
    public static readonly DateTimeOffset EndOfTime = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Options));
}

internal sealed class IndicatorReportCommand : AsyncCommand<IndicatorReportSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, IndicatorReportSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var report = await store.Tracking.IndicatorReportAsync(settings.CurrentYear, IndicatorJson.EndOfTime, settings.KnownAt, cancellationToken);
        if (settings.Json)
        {
            IndicatorJson.Write(report);
            return ExitCodes.Success;
        }
        Consoles.Out.MarkupLineInterpolated($"[bold]Indicators and targets[/] (deadlines judged in {report.CurrentYear}{(report.KnownAt is { } k ? $"; figures published by {k:yyyy-MM-dd}" : "")})");
        foreach (var card in report.Clusters) Print($"Cluster {card.ScopeId}", card);
        foreach (var card in report.Nation) Print($"Nation {card.ScopeId} (comparator, its own targets)", card);
        foreach (var card in report.Regions) Print($"Region {card.ScopeId}", card);
        return ExitCodes.Success;
    }

    private static void Print(string title, Scorecard card)
    {
        Consoles.Out.MarkupLineInterpolated($"[bold]{title}[/]");
        foreach (var l in card.Indicators)
            Consoles.Out.MarkupLineInterpolated(
                $"  {l.Indicator}: {Show(l.Latest)} ({l.LatestCompleteYear?.ToString(CultureInfo.InvariantCulture) ?? "no complete year"}, {l.Method ?? "-"}, {l.Coverage}/{l.MemberCount}){(l.SourceLabel.Length > 0 ? $" [{l.SourceLabel}]" : "")}");
        foreach (var l in card.Published)
            Consoles.Out.MarkupLineInterpolated($"  published aggregate {l.Indicator}: {Show(l.Latest)} ({l.LatestCompleteYear}) — kept apart from the composite");
        foreach (var a in card.Targets)
        {
            var mark = a.Target.Mark == TargetMark.Official ? $"official: {a.Target.Document}" : "ILLUSTRATIVE — no official target";
            Consoles.Out.MarkupLineInterpolated($"  target {a.Target.Id} {a.Target.Indicator} {a.Target.Describe()} → {Scorecards.Kebab(a.Status)} [{mark}]");
            Consoles.Out.MarkupLineInterpolated(
                $"    basis: {a.Basis.Method}; used {string.Join(", ", a.Basis.Used.Select(u => u.Year))}{(a.Basis.Projected is { } p ? $"; projected {Show(p)}" : "")}{(a.Basis.RateSoFar is { } r ? $"; {Show(r)} % a year so far" : "")}{(a.Basis.RequiredRate is { } q ? $"; needs {Show(q)}" : "")}{(a.Basis.Note is { } n ? $"; {n}" : "")}");
        }
        foreach (var (id, why) in card.Withdrawn) Consoles.Out.MarkupLineInterpolated($"  target {id} withdrawn: {why}");
    }

    internal static string Show(decimal? value) => value is { } v ? Math.Round(v, 4).ToString("#,0.####", CultureInfo.InvariantCulture) : "-";
}

internal sealed class IndicatorLeaderboardCommand : AsyncCommand<IndicatorLeaderboardSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, IndicatorLeaderboardSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var report = await store.Tracking.IndicatorReportAsync(settings.CurrentYear, IndicatorJson.EndOfTime, settings.KnownAt, cancellationToken);
        var board = report.Leaderboard(settings.Indicator);
        if (settings.Json)
        {
            IndicatorJson.Write(new { settings.Indicator, Entries = board });
            return ExitCodes.Success;
        }
        Consoles.Out.MarkupLineInterpolated($"[bold]{IndicatorCatalogue.BuiltIn.Get(settings.Indicator).Label}[/] — regions by their latest complete year (comparators apart)");
        var rank = 0;
        foreach (var s in board)
            Consoles.Out.MarkupLineInterpolated($"  {++rank}. {s.Name}: {IndicatorReportCommand.Show(s.Value)} ({s.Year}, {s.Method})");
        return ExitCodes.Success;
    }
}
