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
    public static (List<DataRow> Rows, List<InputError> Errors) Read(string path, IReadOnlyList<string> columns, IReadOnlyList<string> required)
    {
        if (!File.Exists(path)) throw new UsageException($"file not found: {path}");
        var file = Path.GetFileName(path);
        var errors = new List<InputError>();
        var rows = new List<DataRow>();
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
            return (rows, errors);
        }
        foreach (var missing in required.Where(c => !header.Contains(c)))
            errors.Add(new InputError(file, 1, missing, null, $"required column is missing; the header must name: {string.Join(',', columns)}", "missing-column"));
        foreach (var unknown in header.Where(h => !columns.Contains(h)))
            errors.Add(new InputError(file, 1, unknown, null, $"unknown column; expected: {string.Join(',', columns)}", "unknown-column"));
        if (errors.Count > 0) return (rows, errors);

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
            rows.Add(new DataRow(file, line, values, errors));
        }
        return (rows, errors);
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
