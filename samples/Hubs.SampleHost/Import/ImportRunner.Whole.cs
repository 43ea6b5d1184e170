using Hubs.EventSourcing;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Import;

// The whole file as one import, streamed through HubsCommands.ImportAsync: all of it is written, or none of it.
internal static partial class ImportRunner
{
    private static async Task<ImportSummary> RunWholeAsync(HubsStore store, ImportPlan plan, Func<Guid, CommandContext> context,
        string importKey, bool showProgress, CancellationToken ct)
    {
        var importId = Ids.NameBased(importKey);
        if (plan.ParseErrors.Count > 0)
        {
            // Rows that did not parse are never sent; the library's rules over the others are still listed, so one run shows everything.
            var errors = new List<InputError>(plan.ParseErrors);
            try
            {
                if (plan.Count > 0 && Checkable(plan)) await store.Commands.CheckBatchAsync(plan.Commands, ct);
            }
            catch (CommandRejectedException rejected)
            {
                errors.AddRange(plan.Locate(rejected));
            }
            throw Rejected(plan, errors);
        }
        if (plan.Count == 0) return Summary(plan, 0, 0, 0, 0, importId);

        CommandResult result = null!;
        async Task ImportAsync(Action<ImportProgress>? report) =>
            result = await store.Commands.ImportAsync(plan.Stream(), context(importId), report is null ? null : new Reporter<ImportProgress>(report), ct);
        try
        {
            if (!showProgress) await ImportAsync(null);
            else
                await ProgressBoard.RunAsync(async board =>
                {
                    var task = board.Add($"Importing {plan.File}", plan.Count);
                    // Written means copied inside the import's one transaction: nothing is visible before the commit at the end.
                    await ImportAsync(p => task.Value = p.CommandsWritten);
                    task.Complete();
                });
        }
        catch (CommandRejectedException rejected)
        {
            // An import reports broken shapes alone, as a batch does; a check also decides the other rows, so one run lists
            // everything to fix (nothing was written, so it sees the store the import saw).
            var all = rejected;
            try
            {
                if (Checkable(plan)) await store.Commands.CheckBatchAsync(plan.Commands, ct);
            }
            catch (CommandRejectedException checkedAll) when (checkedAll.Violations.Count >= rejected.Violations.Count)
            {
                all = checkedAll;
            }
            throw Rejected(plan, plan.Locate(all));
        }
        catch (HubsConcurrencyException lost)
        {
            throw new InputRejectedException(
                $"{plan.File}: the import lost races with other writers on its streams ({lost.Message}); nothing was written. Re-run the same command.", []);
        }
        catch (Exception ex) when (HubsApp.StorageFailure(ex) is { } cause)
        {
            throw new StorageUnavailableException(
                $"{HubsApp.Describe(cause)} during the import of {plan.File}. The import is all or nothing and the server did not confirm it " +
                "either way: it MAY have been written. Re-run the same command: if it was written, the re-run finds it already applied " +
                "(its id derives from the file's content) and changes nothing.", ex);
        }
        return Summary(plan, 1, result.Outcome == CommandOutcome.Appended ? 1 : 0, result.Outcome == CommandOutcome.AlreadyApplied ? 1 : 0,
            result.Outcome == CommandOutcome.NoChange ? 1 : 0, importId);
    }

    /// <summary>
    /// Whether the whole plan may be held for a check (a dry run takes a list). A streamed plan larger than this reports the
    /// file's errors, or the import's, without the check's complement: holding a million commands is what streaming avoids.
    /// </summary>
    private static bool Checkable(ImportPlan plan) => !plan.IsStreamed || plan.Count <= CheckWholeLimit;

    private const int CheckWholeLimit = 100_000;

    private static InputRejectedException Rejected(ImportPlan plan, IReadOnlyList<InputError> errors) =>
        new($"{plan.File}: {errors.Count} error(s); nothing was written. Fix them and import again.", errors.OrderBy(e => e.Line).ToList());

    private sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
