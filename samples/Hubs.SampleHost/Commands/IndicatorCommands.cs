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
        IndicatorLeaderboardCommand.Unknown(Indicator) is { } error ? ValidationResult.Error(error) : base.Validate();
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
        Consoles.Out.Write(Views.IndicatorText.Render(report));
        Consoles.Out.WriteLine();
        return ExitCodes.Success;
    }
}

/// <summary>Also <c>leaderboard --indicator</c>: regions ranked on one catalogue indicator.</summary>
internal sealed class IndicatorLeaderboardCommand : AsyncCommand<IndicatorLeaderboardSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, IndicatorLeaderboardSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        await WriteAsync(store, settings.Indicator, settings.CurrentYear, settings.KnownAt, settings.Json, cancellationToken);
        return ExitCodes.Success;
    }

    public static async Task WriteAsync(HubsStore store, string indicator, int year, DateOnly? knownAt, bool json, CancellationToken ct)
    {
        var report = await store.Tracking.IndicatorReportAsync(year, IndicatorJson.EndOfTime, knownAt, ct);
        var board = report.Leaderboard(indicator);
        if (json)
        {
            IndicatorJson.Write(new { Indicator = indicator, Entries = board });
            return;
        }
        Consoles.Out.MarkupLineInterpolated($"[bold]{IndicatorCatalogue.BuiltIn.Get(indicator).Label}[/] — regions by their latest complete year (comparators apart)");
        var rank = 0;
        foreach (var s in board)
            Consoles.Out.MarkupLineInterpolated($"  {++rank}. {s.Name}: {Views.IndicatorText.Show(indicator, s.Value)} ({s.Year}, {s.Method})");
    }

    /// <summary>Null when <paramref name="key"/> is in the catalogue, else the error naming the option, the value and the keys allowed.</summary>
    public static string? Unknown(string key) =>
        IndicatorCatalogue.BuiltIn.Find(key) is null
            ? $"--indicator '{key}' is not in the catalogue: {string.Join(", ", IndicatorCatalogue.BuiltIn.All.Select(d => d.Key))}."
            : null;
}
