using System.ComponentModel;
using Hubs.SampleHost.Import;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal sealed class ImportFiguresSettings : ImportSettings
{
    [CommandOption("--skip-unknown-scopes")]
    [Description("List rows whose scope is neither a registered region nor a cluster as skipped instead of rejecting the file.")]
    public bool SkipUnknownScopes { get; set; }
}

/// <summary>What <c>import figures</c> (or <c>import ranking</c>) did: the import's summary and every row left out on purpose, with its reason.</summary>
internal sealed record FiguresImportResult(ImportSummary Import, IReadOnlyList<SkippedRow> Skipped);

internal sealed class ImportFiguresCommand : AsyncCommand<ImportFiguresSettings>
{
    public override Task<int> ExecuteAsync(CliContext context, ImportFiguresSettings settings, CancellationToken cancellationToken) =>
        SkippingImport.RunAsync(settings, "figures", async store =>
        {
            var import = new FiguresImport
            {
                DefaultSource = settings.Source ?? Path.GetFileName(settings.File),
                DefaultPublishedOn = settings.DefaultPublishedOn,
                SkipUnknownScopes = settings.SkipUnknownScopes,
            };
            return (import.Plan(settings.File, await store.Queries.ListRegionsAsync(cancellationToken),
                await store.Queries.ListClustersAsync(cancellationToken)), import.Skipped);
        }, cancellationToken);
}

/// <summary>An import that leaves rows out on purpose: its summary, then every row skipped, grouped by reason.</summary>
internal static class SkippingImport
{
    public static async Task<int> RunAsync(ImportSettings settings, string what, Func<HubsStore, Task<(ImportPlan Plan, IReadOnlyList<SkippedRow> Skipped)>> plan,
        CancellationToken ct)
    {
        IReadOnlyList<SkippedRow> skipped = [];
        ImportSummary? summary = null;
        var code = await ImportCommand.RunAsync(settings, what, async store =>
        {
            var planned = await plan(store);
            skipped = planned.Skipped;
            return planned.Plan;
        }, ct, s => summary = s);
        if (settings.Json) Consoles.WriteJson(new FiguresImportResult(summary!, skipped));
        else
        {
            ImportRunner.Print(summary!);
            foreach (var group in skipped.GroupBy(s => s.Reason))
                AnsiConsole.MarkupLineInterpolated($"[grey]skipped {group.Count()} row(s): {group.Key} (lines {string.Join(", ", group.Select(s => s.Line))})[/]");
        }
        return code;
    }
}

internal sealed class ImportRankingSettings : ImportSettings
{
    [CommandOption("--ranking <NAME>")]
    [Description("The ranking the file's rows are places in; its editions are stored as ranking:<name>-<year>.")]
    [DefaultValue("GII")]
    public string Ranking { get; set; } = "GII";
}

/// <summary><c>import ranking</c>: every cluster of every edition in the file, competitors included (docs/tracking.md).</summary>
internal sealed class ImportRankingCommand : AsyncCommand<ImportRankingSettings>
{
    public override Task<int> ExecuteAsync(CliContext context, ImportRankingSettings settings, CancellationToken cancellationToken) =>
        SkippingImport.RunAsync(settings, "ranking", async store =>
        {
            var import = new RankingImport
            {
                Ranking = settings.Ranking,
                DefaultSource = settings.Source ?? Path.GetFileName(settings.File),
                DefaultPublishedOn = settings.PublishedOn,
            };
            return (import.Plan(settings.File, await store.Queries.ListRankingEditionsAsync(cancellationToken: cancellationToken)), import.Skipped);
        }, cancellationToken);
}
