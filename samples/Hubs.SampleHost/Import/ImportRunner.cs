using Hubs.EventSourcing;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;

namespace Hubs.SampleHost.Import;

/// <summary>What an import did, printed as a summary or as JSON.</summary>
internal sealed record ImportSummary(string File, int Rows, int Unchanged, IReadOnlyDictionary<string, int> Commands, int Batches,
    int BatchesAppended, int BatchesAlreadyApplied, int BatchesNoChange, string CorrelationId);

/// <summary>
/// Checks a whole plan with the library first (nothing written if anything is wrong, every error located by line), then
/// writes it in batches with a progress bar. Batch ids derive from the file's content, so re-running an import (or
/// resuming one that was interrupted between batches) writes nothing twice.
/// </summary>
internal static class ImportRunner
{
    public static async Task<ImportSummary> RunAsync(HubsStore store, ImportPlan plan, Func<Guid, CommandContext> context,
        string importKey, int batchSize, bool showProgress, CancellationToken ct)
    {
        var commands = plan.Commands;
        var importId = Ids.NameBased(importKey);
        var (appended, already, noChange) = (0, 0, 0);
        var batches = commands.Chunk(batchSize).ToList();
        var errors = new List<InputError>(plan.ParseErrors);
        try
        {
            // The library's own rules over every row that parsed, so one run lists everything to fix.
            if (commands.Count > 0) await store.Commands.CheckBatchAsync(commands, ct);
        }
        catch (CommandRejectedException rejected)
        {
            errors.AddRange(plan.Locate(rejected));
        }
        if (errors.Count > 0)
            throw new InputRejectedException($"{plan.File}: {errors.Count} error(s); nothing was written. Fix them and import again.",
                errors.OrderBy(e => e.Line).ToList());
        if (commands.Count == 0)
            return Summary(plan, 0, 0, 0, 0, importId);

        async Task WriteAsync(Action<int, BatchProgress>? report)
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var progress = report is null ? null : new Reporter(p => report(i, p));
                var result = await store.Commands.SendBatchAsync(batches[i], context(Ids.NameBased($"{importKey}/batch-{i}")), progress, ct);
                switch (result.Outcome)
                {
                    case CommandOutcome.Appended: appended++; break;
                    case CommandOutcome.AlreadyApplied: already++; break;
                    default: noChange++; break;
                }
            }
        }

        if (!showProgress)
        {
            await WriteAsync(null);
        }
        else
        {
            await Consoles.Error.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
                .StartAsync(async progressContext =>
                {
                    var task = progressContext.AddTask($"Importing {plan.File}", maxValue: commands.Count);
                    await WriteAsync((i, p) =>
                    {
                        // Each batch moves the bar from its first to its last command; writing is the slow stage.
                        var fraction = p.Stage switch
                        {
                            BatchStage.Validated => 0.1,
                            BatchStage.Decided => 0.2,
                            _ => 0.2 + 0.8 * p.Done / Math.Max(1, p.Total),
                        };
                        task.Value = (double)i * batchSize + fraction * batches[i].Length;
                    });
                    task.Value = commands.Count;
                });
        }
        return Summary(plan, batches.Count, appended, already, noChange, importId);
    }

    private static ImportSummary Summary(ImportPlan plan, int batches, int appended, int already, int noChange, Guid id) =>
        new(plan.File, plan.Rows, plan.Unchanged, plan.Kinds, batches, appended, already, noChange, id.ToString());

    public static void Print(ImportSummary s)
    {
        var kinds = s.Commands.Count == 0 ? "nothing to send" : string.Join(", ", s.Commands.Select(k => Plural(k.Value, k.Key)));
        Consoles.Out.MarkupLineInterpolated(
            $"[green]Imported[/] {s.File}: {Plural(s.Rows, "row")} → {kinds}{(s.Unchanged > 0 ? $"; {s.Unchanged} already recorded as given" : "")}.");
        // A re-run plans revisions of years already reported; the library then finds nothing to change: say that plainly.
        if (s.BatchesAppended + s.BatchesAlreadyApplied + s.BatchesNoChange == 0)
        {
            Consoles.Out.WriteLine("Nothing written: the store already holds every row as given.");
            return;
        }
        Consoles.Out.WriteLine(s.BatchesAppended == 0
            ? $"Nothing written: {Plural(s.BatchesAlreadyApplied + s.BatchesNoChange, "batch")} {(s.BatchesAlreadyApplied > 0 ? "already applied by an earlier run of this import" : "")}{(s.BatchesAlreadyApplied > 0 && s.BatchesNoChange > 0 ? ", or " : "")}{(s.BatchesNoChange > 0 ? "held only figures the store already has" : "")}. Correlation id {s.CorrelationId}."
            : $"Written: {Plural(s.BatchesAppended, "batch")}; {s.BatchesAlreadyApplied} already applied, {s.BatchesNoChange} with nothing to change. Correlation id {s.CorrelationId}.");
    }

    /// <summary><c>1 row</c>, <c>3 rows</c>, <c>2 revisions</c>, <c>1 batch</c>.</summary>
    private static string Plural(int count, string noun) =>
        $"{count} {noun}{(count == 1 ? "" : noun.EndsWith("ch", StringComparison.Ordinal) ? "es" : "s")}";

    private sealed class Reporter(Action<BatchProgress> report) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => report(value);
    }
}
