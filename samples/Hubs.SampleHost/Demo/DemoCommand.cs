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
    [Description("The R&D intensity dataset to load. Default: shared/data/rd-intensity-2019-2022.csv beside the repository.")]
    public string? Data { get; set; }
}

/// <summary>Loads the seed story, the dataset and illustrative targets (idempotently), then shows what the store holds.</summary>
internal sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    public const string DatasetName = "rd-intensity-2019-2022.csv";

    /// <summary>The output, in order.</summary>
    private static readonly IDemoSection[] Sections =
    [
        new StorySection(), new ClustersSection(), new RegionsSection(), new EnterprisesSection(), new TargetsSection(),
        new ScorecardsSection(), new LeaderboardSection(), new TimeTravelSection(), new VerifySection(),
    ];

    public override async Task<int> ExecuteAsync(CliContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var dataset = settings.Data ?? FindDataset();
        if (settings.Data is not null && !File.Exists(settings.Data)) throw new UsageException($"file not found: {settings.Data}");

        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var run = new DemoRun(store);
        foreach (var step in DemoStory.Steps())
            await SendAsync(run, step, cancellationToken);
        if (dataset is not null)
            run.Dataset = await ImportDatasetAsync(store, dataset, cancellationToken);
        else
            run.DatasetMissing = $"{DatasetName} not found beside the repository; pass --data <file>.";
        foreach (var step in DemoStory.IllustrativeTargets())
            await SendAsync(run, step, cancellationToken);

        run.Clusters = await store.Queries.ListClustersAsync(cancellationToken);
        run.Regions = await store.Queries.ListRegionsAsync(cancellationToken);
        run.Enterprises = [(await store.Queries.GetEnterpriseAsync("joygovai", cancellationToken: cancellationToken))!];

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
        return ExitCodes.Success;
    }

    private static async Task SendAsync(DemoRun run, DemoStep step, CancellationToken ct)
    {
        var id = Ids.NameBased("hubs-demo/" + step.Name);
        var context = new CommandContext(DemoStory.Actor, step.Reason, step.Source, id, "hubs-demo");
        var result = await run.Store.Commands.SendAsync(step.Command, context, ct);
        run.Steps.Add((step.Name, result.Outcome));
    }

    private static async Task<ImportSummary> ImportDatasetAsync(HubsStore store, string path, CancellationToken ct)
    {
        var plan = new RdImport { DefaultSource = Path.GetFileName(path), DefaultPublishedOn = DateOnly.FromDateTime(DateTime.UtcNow), SkipReported = true }
            .Plan(path, await store.Queries.ListRegionsAsync(ct));
        var key = Commands.ImportCommand.ImportKey("rd", plan);
        return await ImportRunner.RunAsync(store, plan,
            id => new CommandContext(DemoStory.Actor, "Demo dataset: NBS statistical communiqués 2019-2022", Path.GetFileName(path), id, "hubs-demo"),
            key, batchSize: 1000, showProgress: false, ct);
    }

    /// <summary>
    /// shared/ sits beside the repository (CI clones it as a sibling); from a worktree it may be further up, so every
    /// ancestor of the repository (found from the binary or the working directory) is tried.
    /// </summary>
    private static string? FindDataset()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", DatasetName);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}
