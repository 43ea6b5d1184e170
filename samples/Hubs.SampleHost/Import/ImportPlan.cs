using Hubs.EventSourcing;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Import;

/// <summary>A command planned from a row, or (<see cref="Command"/> null) a row that changes nothing.</summary>
internal readonly record struct Planned(IHubsCommand? Command, int Line, string Kind)
{
    public static Planned Unchanged(int line) => new(null, line, "");
}

/// <summary>
/// The commands an input file turns into, each remembering the line it came from. A plan either holds its commands (the
/// small formats, planned with every row at hand) or is <see cref="Streamed"/>: read from the file again each time its
/// commands are needed, keeping only a line number per command, so a file of a million rows is never held.
/// </summary>
internal sealed partial class ImportPlan(string path, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> columnsByField)
{
    /// <summary>
    /// What an undated row's source says when no --published-on was given: the row is recorded as published on the day of
    /// recording, since a figure needs a date, and its source keeps that guess visible instead of silently stamping it.
    /// </summary>
    public static string UndatedSource(string source, DateOnly recordedOn) =>
        source + $" (publication date not given; recorded as published on {recordedOn:yyyy-MM-dd}, the day it was recorded)";

    private readonly List<IHubsCommand>? _commands = [];
    private readonly Func<CsvPass, IEnumerable<Planned>>? _read;
    private readonly List<int> _lines = [];
    private readonly SortedDictionary<string, int> _kinds = new(StringComparer.Ordinal);
    private string? _hash;

    private ImportPlan(string path, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> columnsByField,
        Func<CsvPass, IEnumerable<Planned>> read) : this(path, columns, columnsByField)
    {
        _commands = null;
        _read = read;
    }

    /// <summary>
    /// A plan read from the file once here (to count, hash, locate and find the file's errors) and again on each
    /// enumeration of <see cref="Stream"/>; <paramref name="read"/> must plan the same commands each time it is called.
    /// </summary>
    public static ImportPlan Streamed(string path, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> columnsByField,
        Func<CsvPass, IEnumerable<Planned>> read)
    {
        var plan = new ImportPlan(path, columns, columnsByField, read);
        var pass = new CsvPass();
        using var hash = new CommandHash();
        foreach (var planned in read(pass))
        {
            if (planned.Command is not { } command)
            {
                plan.Unchanged++;
                continue;
            }
            plan.Track(planned.Line, planned.Kind);
            hash.Add(command);
        }
        plan.Rows = pass.Rows;
        plan.ParseErrors = pass.Errors;
        plan._hash = hash.Hex();
        return plan;
    }

    public string File { get; } = Path.GetFileName(path);
    public int Rows { get; set; }
    public int Unchanged { get; set; }
    /// <summary>Problems found while reading the file; the library's rules are checked over the rows that parsed.</summary>
    public IReadOnlyList<InputError> ParseErrors { get; set; } = [];
    public int Count => _lines.Count;
    public bool IsStreamed => _read is not null;

    /// <summary>The commands in order: a streamed plan reads the file again to list them (for a check or for batches).</summary>
    public IReadOnlyList<IHubsCommand> Commands => _commands ?? Read().ToList();

    /// <summary>A hash of every command in order (type and content): the same file planned against the same store gives the same.</summary>
    public string ContentHash
    {
        get
        {
            if (_hash is not null) return _hash;
            using var hash = new CommandHash();
            foreach (var c in Commands) hash.Add(c);
            return _hash = hash.Hex();
        }
    }

    /// <summary>
    /// The commands in order, for a streamed import, read again from the start each time the import enumerates (it does after a
    /// lost race). A file edited since it was planned is refused rather than imported under the first reading's id.
    /// </summary>
    public async IAsyncEnumerable<IHubsCommand> Stream()
    {
        await Task.CompletedTask;
        if (_commands is not null)
        {
            foreach (var c in _commands) yield return c;
            yield break;
        }
        using var hash = new CommandHash();
        foreach (var command in Read())
        {
            hash.Add(command);
            // Checked before the last command is handed over, so the import fails before it can commit.
            if (hash.Count == Count && hash.Hex() != ContentHash) throw Changed();
            if (hash.Count > Count) throw Changed();
            yield return command;
        }
        if (hash.Count != Count) throw Changed();
    }

    private InputRejectedException Changed() =>
        new($"{File} changed while it was being imported; nothing was written. Import it again.", []);

    private IEnumerable<IHubsCommand> Read()
    {
        foreach (var planned in _read!(new CsvPass()))
            if (planned.Command is { } command) yield return command;
    }

    /// <param name="command">The command planned.</param>
    /// <param name="row">The row it came from.</param>
    /// <param name="kind">report, revision, register, rank.</param>
    public void Add(IHubsCommand command, DataRow row, string kind)
    {
        if (_commands is null) throw new InvalidOperationException("A streamed plan is planned by its reader.");
        _commands.Add(command);
        _hash = null;
        Track(row.Line, kind);
    }

    private void Track(int line, string kind)
    {
        _lines.Add(line);
        _kinds[kind] = _kinds.GetValueOrDefault(kind) + 1;
    }

    /// <summary>How many commands of each kind (report, revision, register, rank), for the summary.</summary>
    public IReadOnlyDictionary<string, int> Kinds => new Dictionary<string, int>(_kinds);

    /// <summary>The file's line of the command at an index of the plan.</summary>
    public int LineOf(int index) => _lines[index];

    /// <summary>Turns the library's violations (located by command index) into errors located by line and column.</summary>
    /// <param name="rejected">The rejection.</param>
    /// <param name="offset">Index in the plan of the first command sent (a batch's violations count from its own start).</param>
    public IReadOnlyList<InputError> Locate(CommandRejectedException rejected, int offset = 0)
    {
        int Line(RuleViolation v) => offset + (v.CommandIndex ?? 0) is var i && i < _lines.Count ? _lines[i] : 0;
        // What the user typed, read again from the lines of the errors that will be shown (a plan keeps no row); the others
        // are only counted, so a rejection of a million rows does not read them all back.
        var shown = Bounded.PerCode(rejected.Violations.OrderBy(Line), v => v.Code);
        var lines = shown.Select(Line).Where(l => l > 0).ToHashSet();
        var typed = CsvTable.ValuesAt(path, columns, lines);
        return rejected.Violations.Select(v =>
        {
            var line = Line(v);
            var column = columnsByField.GetValueOrDefault(v.Field, v.Field);
            // What the user typed in that column, not the value after parsing (a slug of 北京市 is empty; a date prints
            // in another format): only a value that came from an option or a default is shown as the command holds it.
            var value = typed.GetValueOrDefault(line)?.GetValueOrDefault(column);
            return new InputError(File, line, column, value ?? Format(v.Value), v.Explanation, v.Code);
        }).OrderBy(e => e.Line).ToList();
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
