using Hubs.EventSourcing;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Import;

/// <summary>The commands an input file turns into, each remembering the line it came from.</summary>
internal sealed class ImportPlan(string file, IReadOnlyDictionary<string, string> columnsByField)
{
    /// <summary>
    /// What an undated row's source says when no --published-on was given: the row is recorded as published on the day of
    /// recording, since a figure needs a date, and its source keeps that guess visible instead of silently stamping it.
    /// </summary>
    public static string UndatedSource(string source, DateOnly recordedOn) =>
        source + $" (publication date not given; recorded as published on {recordedOn:yyyy-MM-dd}, the day it was recorded)";

    private readonly List<(IHubsCommand Command, int Line, string Kind, IReadOnlyDictionary<string, string?>? Typed)> _items = [];

    public string File { get; } = file;
    public int Rows { get; set; }
    public int Unchanged { get; set; }
    /// <summary>Problems found while reading the file; the library's rules are checked over the rows that parsed.</summary>
    public IReadOnlyList<InputError> ParseErrors { get; set; } = [];
    public IReadOnlyList<IHubsCommand> Commands => _items.Select(i => i.Command).ToList();
    public int Count => _items.Count;

    /// <summary>The commands in order, for a streamed import (read again from the start if the import retries).</summary>
    public async IAsyncEnumerable<IHubsCommand> Stream()
    {
        foreach (var item in _items) yield return item.Command;
        await Task.CompletedTask;
    }

    /// <param name="command">The command planned.</param>
    /// <param name="row">The row it came from: its line, and its values as typed for error lines.</param>
    /// <param name="kind">report, revision, register, rank.</param>
    public void Add(IHubsCommand command, DataRow row, string kind) => _items.Add((command, row.Line, kind, row.Values));

    /// <summary>How many commands of each kind (report, revision, register, rank), for the summary.</summary>
    public IReadOnlyDictionary<string, int> Kinds =>
        _items.GroupBy(i => i.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The file's line of the command at an index of the plan.</summary>
    public int LineOf(int index) => _items[index].Line;

    /// <summary>Turns the library's violations (located by command index) into errors located by line and column.</summary>
    /// <param name="rejected">The rejection.</param>
    /// <param name="offset">Index in the plan of the first command sent (a batch's violations count from its own start).</param>
    public IReadOnlyList<InputError> Locate(CommandRejectedException rejected, int offset = 0) =>
        rejected.Violations.Select(v =>
        {
            var index = offset + (v.CommandIndex ?? 0);
            var item = index < _items.Count ? _items[index] : default;
            var column = columnsByField.GetValueOrDefault(v.Field, v.Field);
            // What the user typed in that column, not the value after parsing (a slug of 北京市 is empty; a date prints
            // in another format): only a value that came from an option or a default is shown as the command holds it.
            var typed = item.Typed?.GetValueOrDefault(column);
            return new InputError(File, item.Line, column, typed ?? Format(v.Value), v.Explanation, v.Code);
        }).OrderBy(e => e.Line).ToList();

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
