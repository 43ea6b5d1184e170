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

/// <summary>What <c>import figures</c> did: the import's summary and every row left out on purpose, with its reason.</summary>
internal sealed record FiguresImportResult(ImportSummary Import, IReadOnlyList<SkippedRow> Skipped);

internal sealed class ImportFiguresCommand : AsyncCommand<ImportFiguresSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, ImportFiguresSettings settings, CancellationToken cancellationToken)
    {
        FiguresImport? import = null;
        ImportSummary? summary = null;
        var code = await ImportCommand.RunAsync(settings, "figures", async store =>
        {
            import = new FiguresImport
            {
                DefaultSource = settings.Source ?? Path.GetFileName(settings.File),
                DefaultPublishedOn = settings.DefaultPublishedOn,
                SkipUnknownScopes = settings.SkipUnknownScopes,
            };
            return import.Plan(settings.File, await store.Queries.ListRegionsAsync(cancellationToken),
                await store.Queries.ListClustersAsync(cancellationToken));
        }, cancellationToken, s => summary = s);
        var skipped = import?.Skipped ?? [];
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
