using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.SampleHost.Import;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

internal class ImportSettings : WriteSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("CSV file with a header row.")]
    public string File { get; set; } = "";

    [CommandOption("--published-on <DATE>")]
    [Description("Publication date for rows whose published_on is empty. Default for rd and ranks: today (UTC), noted in the source; for rates and ranking: unknown. A date after tomorrow (UTC) is refused.")]
    public DateOnly? PublishedOn { get; set; }

    [CommandOption("--batch-size <N>")]
    [Description("Commit every N commands once the whole file has passed the checks (a re-run skips the batches stored). Without it the file is one all-or-nothing import, streamed.")]
    public int? BatchSize { get; set; }

    public override ValidationResult Validate() =>
        BatchSize < 1 ? ValidationResult.Error("--batch-size must be at least 1.") : base.Validate();

    public DateOnly DefaultPublishedOn => PublishedOn ?? DateOnly.FromDateTime(DateTime.UtcNow);
}

internal sealed class ImportRdSettings : ImportSettings
{
    [CommandOption("--register-missing")]
    [Description("Register regions the store does not know instead of rejecting their rows.")]
    public bool RegisterMissing { get; set; }

    [CommandOption("--missing-kind <KIND>")]
    [Description("Kind given to regions registered by --register-missing, for rows without a 'kind' column value.")]
    [DefaultValue("province")]
    public string MissingKind { get; set; } = "province";

    public override ValidationResult Validate() =>
        Parse.TryRegionKind(MissingKind, out _) ? base.Validate()
            : ValidationResult.Error($"--missing-kind '{MissingKind}' is not one of: {Parse.RegionKinds}.");
}

/// <summary>Shared by both imports: plan, check, write in batches, summarise.</summary>
internal static class ImportCommand
{
    /// <param name="settings">The command line.</param>
    /// <param name="what">The import's name (rd, rates, ranks, figures).</param>
    /// <param name="plan">Reads the file into commands.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="printed">When given, receives the summary instead of it being printed (the caller prints more with it).</param>
    public static async Task<int> RunAsync(ImportSettings settings, string what, Func<HubsStore, Task<ImportPlan>> plan, CancellationToken ct,
        Action<ImportSummary>? printed = null)
    {
        InputFiles.Require(settings.File);
        await using var store = await HubsStore.OpenAsync(settings, ct);
        var planned = await plan(store);
        var name = Path.GetFileName(settings.File);
        // --command-id names the whole import; it (or the content) gives its id, or each batch's with --batch-size.
        var key = settings.CommandId is { } given ? $"hubs-import-{what}/{given}" : ImportKey(what, planned);
        var correlation = Ids.NameBased(key).ToString();
        var summary = await ImportRunner.RunAsync(store, planned,
            id => Ids.Context(settings, $"hubs import {what} {name}", name) with { CommandId = id, CorrelationId = correlation },
            key, settings.BatchSize, showProgress: true, ct);
        if (printed is not null) printed(summary);
        else if (settings.Json) Consoles.WriteJson(summary);
        else ImportRunner.Print(summary);
        return ExitCodes.Success;
    }

    /// <summary>Names an import by what it would send, so the same content maps to the same batch ids.</summary>
    public static string ImportKey(string what, ImportPlan plan) => $"hubs-import-{what}/{plan.ContentHash}";
}

internal sealed class ImportRdCommand : AsyncCommand<ImportRdSettings>
{
    public override Task<int> ExecuteAsync(CliContext context, ImportRdSettings settings, CancellationToken cancellationToken) =>
        ImportCommand.RunAsync(settings, "rd", async store =>
        {
            Parse.TryRegionKind(settings.MissingKind, out var kind);
            var import = new RdImport
            {
                DefaultSource = settings.Source ?? Path.GetFileName(settings.File),
                DefaultPublishedOn = settings.DefaultPublishedOn,
                PublishedOnGiven = settings.PublishedOn is not null,
                RevisionReason = settings.Reason,
                RegisterMissingAs = settings.RegisterMissing ? kind : null,
            };
            return import.Plan(settings.File, await store.Queries.ListRegionsAsync(cancellationToken));
        }, cancellationToken);
}

internal sealed class ImportRatesCommand : AsyncCommand<ImportSettings>
{
    public override Task<int> ExecuteAsync(CliContext context, ImportSettings settings, CancellationToken cancellationToken) =>
        ImportCommand.RunAsync(settings, "rates", _ => Task.FromResult(new RatesImport
        {
            DefaultSource = settings.Source ?? Path.GetFileName(settings.File),
            DefaultPublishedOn = settings.PublishedOn,
        }.Plan(settings.File)), cancellationToken);
}

internal sealed class ImportRanksCommand : AsyncCommand<ImportSettings>
{
    public override Task<int> ExecuteAsync(CliContext context, ImportSettings settings, CancellationToken cancellationToken) =>
        ImportCommand.RunAsync(settings, "ranks", async store =>
        {
            var import = new RanksImport
            {
                DefaultSource = settings.Source ?? Path.GetFileName(settings.File),
                DefaultPublishedOn = settings.DefaultPublishedOn,
                PublishedOnGiven = settings.PublishedOn is not null,
            };
            return import.Plan(settings.File, await store.Queries.ListClustersAsync(cancellationToken));
        }, cancellationToken);
}
