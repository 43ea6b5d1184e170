using System.Globalization;
using CsvHelper;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Import;

/// <summary>
/// Reads a headed CSV file into located rows, collecting every problem instead of stopping at the first, so a person
/// can fix the whole file in one pass.
/// </summary>
internal static class CsvTable
{
    /// <summary>
    /// Reads the whole file into rows and errors: for the small formats, planned with every row at hand. Large files go
    /// through <see cref="Rows"/>.
    /// </summary>
    public static (List<DataRow> Rows, List<InputError> Errors) Read(string path, IReadOnlyList<string> columns, IReadOnlyList<string> required)
    {
        var pass = new CsvPass();
        var rows = Rows(path, columns, required, pass).ToList();
        return (rows, pass.Errors);
    }

    /// <summary>
    /// The rows one at a time, for a planner that must not hold the file: each row's problems go to
    /// <paramref name="pass"/>'s errors, as do the file's (encoding, header), which yield no rows at all.
    /// </summary>
    public static IEnumerable<DataRow> Rows(string path, IReadOnlyList<string> columns, IReadOnlyList<string> required, CsvPass pass)
    {
        InputFiles.Require(path);
        var file = Path.GetFileName(path);
        var errors = pass.Errors;
        var before = errors.Count;
        errors.AddRange(Utf8Check.InvalidSequences(path, file));
        // A byte sequence that is not UTF-8 would be read as U+FFFD and stored: the file is refused before it is parsed.
        if (errors.Count > before) yield break;
        var options = new CsvReaderOptions
        {
            Separator = ',',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            OnMalformedRecord = bad => errors.Add(new InputError(file, (int)bad.LineNumber, "(row)", null,
                $"malformed CSV: {bad.Reason}", "bad-csv")),
        };
        using var csv = CsvReader.FromFile(path, options);
        var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        if (header.Length == 0)
        {
            errors.Add(new InputError(file, 1, "(header)", null, $"the file is empty; expected a header row: {string.Join(',', columns)}", "no-header"));
            yield break;
        }
        foreach (var missing in required.Where(c => !header.Contains(c)))
            errors.Add(new InputError(file, 1, missing, null, $"required column is missing; the header must name: {string.Join(',', columns)}", "missing-column"));
        // The last of two same-named columns would silently win: name each duplicate and where it appears.
        foreach (var duplicate in header.Select((h, i) => (Name: h, Position: i + 1)).GroupBy(c => c.Name).Where(g => g.Count() > 1))
            errors.Add(new InputError(file, 1, duplicate.Key, null,
                $"the header names this column {duplicate.Count()} times (positions {Positions(duplicate.Select(c => c.Position))}); each column may appear once",
                "duplicate-column"));
        foreach (var unknown in header.Distinct().Where(h => !columns.Contains(h)))
            errors.Add(new InputError(file, 1, unknown, null, $"unknown column; expected: {string.Join(',', columns)}", "unknown-column"));
        if (errors.Count > before) yield break;

        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                var value = i < csv.FieldCount ? csv.GetString(i) : null;
                values[header[i]] = string.IsNullOrWhiteSpace(value) ? null : value;
            }
            if (values.Values.All(v => v is null)) continue;
            if (csv.FieldCount > header.Length)
                errors.Add(new InputError(file, line, "(row)", null, $"{csv.FieldCount} fields for {header.Length} columns (an unquoted comma?)", "extra-fields"));
            pass.Rows++;
            yield return new DataRow(file, line, values, errors);
        }
    }

    /// <summary>The values of the rows at <paramref name="lines"/>, read again from the file (for error lines: plans do not keep them).</summary>
    public static Dictionary<int, IReadOnlyDictionary<string, string?>> ValuesAt(string path, IReadOnlyList<string> columns, IReadOnlySet<int> lines)
    {
        var found = new Dictionary<int, IReadOnlyDictionary<string, string?>>();
        if (lines.Count == 0 || !File.Exists(path)) return found;
        foreach (var row in Rows(path, columns, [], new CsvPass()))
        {
            if (lines.Contains(row.Line)) found[row.Line] = row.Values;
            if (found.Count == lines.Count) break;
        }
        return found;
    }

    private static string Positions(IEnumerable<int> positions)
    {
        var list = positions.ToList();
        return string.Join(", ", list.Take(5)) + (list.Count > 5 ? $", … ({list.Count:N0} in all)" : "");
    }
}

/// <summary>What one reading of a file found: its problems, and how many data rows it had.</summary>
internal sealed class CsvPass
{
    public List<InputError> Errors { get; } = [];
    public int Rows { get; set; }
}

/// <summary>Finds the byte sequences of a file that are not UTF-8 (lone surrogates, overlong forms, stray bytes).</summary>
internal static class Utf8Check
{
    /// <summary>Every invalid sequence, located by line and character; none for a UTF-16/32 file with a byte order mark.</summary>
    public static IEnumerable<InputError> InvalidSequences(string path, string file)
    {
        using var stream = File.OpenRead(path);
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length];
        var (carry, line, character, start, found) = (0, 1, 1, true, 0);
        while (true)
        {
            var read = stream.Read(bytes, carry, bytes.Length - carry);
            var total = carry + read;
            var final = read == 0;
            if (total == 0) yield break;
            var offset = 0;
            if (start)
            {
                start = false;
                // The reader decodes these by their byte order mark.
                if (total >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))) yield break;
                if (total >= 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0xFE && bytes[3] == 0xFF) yield break;
            }
            while (offset < total)
            {
                var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(offset, total - offset), chars, out var used, out var written,
                    replaceInvalidSequences: false, isFinalBlock: final);
                for (var i = 0; i < written; i++)
                {
                    if (chars[i] == '\n') (line, character) = (line + 1, 1);
                    else if (!char.IsLowSurrogate(chars[i])) character++;
                }
                offset += used;
                if (status != System.Buffers.OperationStatus.InvalidData) break;
                // One error per invalid sequence: its lead byte and the continuation bytes that follow it (at most four).
                var length = 1;
                while (length < 4 && offset + length < total && (bytes[offset + length] & 0xC0) == 0x80) length++;
                var bad = bytes.AsSpan(offset, length);
                if (++found > Bounded.PerKind)
                {
                    // A binary file would give one error per few bytes: say the rest in one line.
                    yield return new InputError(file, line, "(encoding)", null,
                        "more byte sequences that are not UTF-8 follow from here, not listed: the file is not UTF-8", "not-utf8", character);
                    yield break;
                }
                yield return new InputError(file, line, "(encoding)", null,
                    $"bytes {BitConverter.ToString(bad.ToArray()).Replace('-', ' ')} are not UTF-8 (a lone surrogate, an overlong form or another encoding): save the file as UTF-8",
                    "invalid-utf8", character);
                offset += length;
                character++;
            }
            if (final) yield break;
            carry = total - offset;
            bytes.AsSpan(offset, carry).CopyTo(bytes);
        }
    }
}

/// <summary>One data row; typed getters record an error (and return null) instead of throwing.</summary>
internal sealed class DataRow(string file, int line, IReadOnlyDictionary<string, string?> values, List<InputError> errors)
{
    public int Line => line;

    /// <summary>Every column's text exactly as in the file (trimmed), for error lines that must show what the user typed.</summary>
    public IReadOnlyDictionary<string, string?> Values => values;

    public string? Text(string column, bool required = false)
    {
        var v = values.GetValueOrDefault(column);
        if (v is null && required) Fail(column, v, "a value is required", "required");
        return v;
    }

    public int? Int(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
        Fail(column, v, "not a whole number", "not-a-number");
        return null;
    }

    public decimal? Decimal(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (Parse.TryExactDecimal(v, out var d, out var inexact)) return d;
        if (inexact is null) Fail(column, v, "not a number (use a dot for decimals, no thousands separators)", "not-a-number");
        else Fail(column, v, $"more significant digits than can be stored exactly (at most 28); it would be stored rounded, as {inexact}", "too-many-digits");
        return null;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        var v = Text(column, required);
        if (v is null) return null;
        if (Parse.TryIsoDate(v, out var d)) return d;
        Fail(column, v, "not an ISO date (yyyy-MM-dd)", "not-a-date");
        return null;
    }

    public void Fail(string column, string? value, string message, string code) =>
        errors.Add(new InputError(file, line, column, value, message, code));
}
