using Hubs.EventSourcing;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;

namespace Hubs.SampleHost.Import;

/// <summary>What an import did, printed as a summary or as JSON.</summary>
internal sealed record ImportSummary(string File, int Rows, int Unchanged, IReadOnlyDictionary<string, int> Commands, int Batches,
    int BatchesAppended, int BatchesAlreadyApplied, int BatchesNoChange, string CorrelationId);

/// <summary>
/// Writes a plan. Without a batch size (the command line's default) the whole file is one all-or-nothing import, streamed
/// through the library's <see cref="HubsCommands.ImportAsync"/>: every rule violation of every row is reported by line and
/// nothing is written, or all of it is, in one transaction. With one, the plan is checked whole first and then written in
/// batches with content-derived ids, so re-running an import (or resuming one interrupted between batches) writes nothing twice.
/// </summary>
internal static partial class ImportRunner
{
    public static async Task<ImportSummary> RunAsync(HubsStore store, ImportPlan plan, Func<Guid, CommandContext> context,
        string importKey, int? batchSize, bool showProgress, CancellationToken ct)
    {
        if (batchSize is not { } size) return await RunWholeAsync(store, plan, context, importKey, showProgress, ct);
        var commands = plan.Commands;
        var importId = Ids.NameBased(importKey);
        var (appended, already, noChange) = (0, 0, 0);
        var batches = commands.Chunk(size).ToList();
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
        if (errors.Count > 0) throw Rejected(plan, errors);
        if (commands.Count == 0)
            return Summary(plan, 0, 0, 0, 0, importId);

        async Task WriteAsync(Action<int, BatchProgress>? report)
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var progress = report is null ? null : new Reporter<BatchProgress>(p => report(i, p));
                CommandResult result;
                try
                {
                    result = await store.Commands.SendBatchAsync(batches[i], context(Ids.NameBased($"{importKey}/batch-{i}")), progress, ct);
                }
                catch (Exception ex) when (Stopped(ex, plan, i, size, batches.Count) is { } stopped)
                {
                    throw stopped;
                }
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
            await ProgressBoard.RunAsync(async board =>
            {
                var task = board.Add($"Importing {plan.File}", commands.Count);
                await WriteAsync((i, p) =>
                {
                    // Each batch moves the bar from its first to its last command; writing is the slow stage.
                    var fraction = p.Stage switch
                    {
                        BatchStage.Validated => 0.1,
                        BatchStage.Decided => 0.2,
                        _ => 0.2 + 0.8 * p.Done / Math.Max(1, p.Total),
                    };
                    task.Value = (double)i * size + fraction * batches[i].Length;
                });
                task.Complete();
            });
        }
        return Summary(plan, batches.Count, appended, already, noChange, importId);
    }

    /// <summary>
    /// A batch that fails after the whole file was checked (the store changed in between, or the server went away) must not
    /// be reported as "nothing was written" when earlier batches committed: the error says which batches are stored, which
    /// lines the failing one holds, and that re-running the same command completes the import (stored batches are
    /// recognised by their content-derived ids and change nothing). Null for a failure that is neither.
    /// </summary>
    private static Exception? Stopped(Exception ex, ImportPlan plan, int batch, int batchSize, int batches)
    {
        var first = batch * batchSize;
        var last = Math.Min(plan.Count, first + batchSize) - 1;
        var where = $"batch {batch + 1} of {batches} (lines {plan.LineOf(first)}–{plan.LineOf(last)})";
        var committed = batch == 0
            ? "no earlier batch had been written"
            : $"batches 1–{batch} ({first} of {plan.Count} commands, up to line {plan.LineOf(first - 1)}) were written before it and stay written";
        const string rerun = "Re-run the same command to complete the import: the batches already stored are recognised and change nothing";
        return ex switch
        {
            CommandRejectedException rejected => new InputRejectedException(
                $"{plan.File}: {where} was rejected: the store changed after the file was checked; {committed}. Fix the lines below if needed, then: {rerun}.",
                plan.Locate(rejected, first)),
            HubsConcurrencyException lost => new InputRejectedException(
                $"{plan.File}: {where} lost a race with another writer ({lost.Message}); {committed}. {rerun}.", []),
            _ when HubsApp.StorageFailure(ex) is { } cause => new StorageUnavailableException(
                $"{HubsApp.Describe(cause)} during {where} of {plan.File}; {committed}. Batch {batch + 1} MAY have been written: the server did not confirm it either way. {rerun}, whether it was written or not.",
                ex),
            _ => null,
        };
    }

    private static ImportSummary Summary(ImportPlan plan, int batches, int appended, int already, int noChange, Guid id) =>
        new(plan.File, plan.Rows, plan.Unchanged, plan.Kinds, batches, appended, already, noChange, id.ToString());

    public static void Print(ImportSummary s)
    {
        var kinds = s.Commands.Count == 0 ? "nothing to send" : string.Join(", ", s.Commands.Select(k => Plural(k.Value, k.Key)));
        Consoles.Out.MarkupLineInterpolated(
            $"[green]Imported[/] {s.File}: {Plural(s.Rows, "row")} → {kinds}{(s.Unchanged > 0 ? $"; {s.Unchanged} already recorded as given" : "")}.");
        if (s.Rows == 0)
        {
            Consoles.Out.WriteLine("Nothing written: the file has its header and no data rows.");
            return;
        }
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
}
