using System.ComponentModel;
using Hubs.EventSourcing;
using Hubs.SampleHost.Import;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;
using CommandContext = Hubs.EventSourcing.CommandContext;

namespace Hubs.SampleHost.Demo;

internal sealed class DemoSettings : OutputSettings
{
    [CommandOption("--data <FILE>")]
    [Description("The mainland R&D intensity dataset to load instead of the one shipped with the tool (Data/rd-intensity-2019-2022.csv).")]
    public string? Data { get; set; }

    [CommandOption("--html <FILE>")]
    [Description("Also write the whole story as one self-contained HTML page with charts (as hubs report --html).")]
    public string? Html { get; set; }
}

/// <summary>Loads the seed story, the dataset and illustrative targets (idempotently), then shows what the store holds.</summary>
internal sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    public const string DatasetName = "rd-intensity-2019-2022.csv";

    /// <summary>The output, in order.</summary>
    private static readonly IDemoSection[] Sections =
    [
        new StorySection(), new ClustersSection(), new RankingsSection(), new RegionsSection(), new EnterprisesSection(), new TargetsSection(),
        new ScorecardsSection(), new LeaderboardSection(), new TimeTravelSection(), new VerifySection(),
    ];

    public override async Task<int> ExecuteAsync(CliContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Data is not null) InputFiles.Require(settings.Data);

        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var run = new DemoRun(store);
        foreach (var step in DemoStory.Steps())
            await SendAsync(run, step, cancellationToken);
        using (var data = DemoData.Extract())
        {
            try
            {
                run.Dataset = await ImportRdAsync(store, settings.Data ?? data.PathOf(DatasetName),
                    "Demo dataset: NBS statistical communiqués 2019-2022", cancellationToken);
            }
            catch (InputRejectedException rejected) when (settings.Data is not null)
            {
                // The file is checked against the regions the story registers, so the story is written first: say so, rather
                // than the import's "nothing was written", which holds for the file only.
                var written = run.Steps.Count(s => s.Outcome == CommandOutcome.Appended);
                throw new InputRejectedException(
                    $"{rejected.Message.Replace("nothing was written", "nothing from it was written", StringComparison.Ordinal)} " +
                    $"The seed story, loaded before it, is in the store ({written} of its {run.Steps.Count} commands written now).", rejected.Errors);
            }
            run.Datasets.Add(run.Dataset);
            run.Datasets.Add(await ImportRdAsync(store, data.PathOf(DemoData.HongKong),
                "Demo dataset: Hong Kong Census and Statistics Department, 2019-2022 (HKD)", cancellationToken));
            run.Datasets.Add(await ImportRatesAsync(store, data.PathOf(DemoData.Rates), cancellationToken));
            foreach (var step in DemoStory.Aliases())
                await SendAsync(run, step, cancellationToken);
            run.Ranking = await ImportRankingAsync(store, data.PathOf(DemoData.Gii), cancellationToken);
        }
        foreach (var step in DemoStory.AnalystDecisions().Concat(DemoStory.IllustrativeTargets()).Concat(OfficialTargets.Steps()))
            await SendAsync(run, step, cancellationToken);

        run.Clusters = await store.Queries.ListClustersAsync(cancellationToken);
        run.Regions = await store.Queries.ListRegionsAsync(cancellationToken);
        run.Enterprises = [(await store.Queries.GetEnterpriseAsync("joygovai", cancellationToken: cancellationToken))!];
        run.Rankings = Views.RankingSection.Of(await store.Queries.ListRankingEditionsAsync(cancellationToken: cancellationToken), run.Clusters);

        var json = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var section in Sections)
        {
            var (data, view) = await section.BuildAsync(run, cancellationToken);
            json[section.Key] = data;
            if (!settings.Json)
            {
                Consoles.Out.Write(view);
                Consoles.Out.WriteLine();
            }
        }
        if (settings.Json) Consoles.WriteJson(json);
        if (settings.Html is { } html)
        {
            // The scorecards section caught the read models up: the live report is the one just shown.
            var input = await Views.Html.HtmlReportInput.LoadAsync(store, await store.Tracking.GetReportAsync(cancellationToken),
                await Views.ReportIntegrity.CheckAsync(store, skip: false, cancellationToken), null, null, null, cancellationToken, ScorecardsSection.JudgedIn);
            await Views.Html.HtmlReport.WriteAsync(input, html, cancellationToken);
            Consoles.Error.MarkupLineInterpolated($"[grey]HTML report written to {html}[/]");
        }
        return ExitCodes.Success;
    }

    private static async Task SendAsync(DemoRun run, DemoStep step, CancellationToken ct)
    {
        var id = Ids.NameBased("hubs-demo/" + step.Name);
        var context = new CommandContext(step.Actor ?? DemoStory.Actor, step.Reason, step.Source, id, "hubs-demo");
        var result = await run.Store.Commands.SendAsync(step.Command, context, ct);
        run.Steps.Add((step.Name, result.Outcome));
    }

    /// <summary>
    /// An rd file, skipping years already reported. Rows without a publication date (Hong Kong's) are recorded as published
    /// on the day of the first demo run, and their source says so (docs/tracking.md, "unknown publication dates").
    /// </summary>
    private static async Task<ImportSummary> ImportRdAsync(HubsStore store, string path, string reason, CancellationToken ct)
    {
        var plan = new RdImport { DefaultSource = Path.GetFileName(path), DefaultPublishedOn = DateOnly.FromDateTime(DateTime.UtcNow), SkipReported = true }
            .Plan(path, await store.Queries.ListRegionsAsync(ct));
        return await RunAsync(store, plan, "rd", reason, path, ct);
    }

    /// <summary>The indicative HKD→CNY rates; recording the same rate again changes nothing.</summary>
    private static Task<ImportSummary> ImportRatesAsync(HubsStore store, string path, CancellationToken ct) =>
        RunAsync(store, new RatesImport { DefaultSource = Path.GetFileName(path) }.Plan(path), "rates",
            "Demo: indicative HKD to CNY annual averages, to weight Hong Kong with the mainland", path, ct);

    /// <summary>Every cluster of the GII 2024 and 2025 editions, competitors included; a re-run finds them all recorded.</summary>
    private static async Task<ImportSummary> ImportRankingAsync(HubsStore store, string path, CancellationToken ct) =>
        await RunAsync(store, new RankingImport { Ranking = DemoStory.Gii, DefaultSource = Path.GetFileName(path) }
            .Plan(path, await store.Queries.ListRankingEditionsAsync(cancellationToken: ct)), "ranking",
            "Demo: the WIPO GII S&T cluster ranking as printed, every cluster, so the hubs are read against their competitors", path, ct);

    private static Task<ImportSummary> RunAsync(HubsStore store, ImportPlan plan, string what, string reason, string path, CancellationToken ct) =>
        ImportRunner.RunAsync(store, plan,
            id => new CommandContext(DemoStory.Actor, reason, Path.GetFileName(path), id, "hubs-demo"),
            Commands.ImportCommand.ImportKey(what, plan), batchSize: 1000, showProgress: false, ct);
}
