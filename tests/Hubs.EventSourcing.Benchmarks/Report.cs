using System.Globalization;
using System.Text;

namespace Hubs.EventSourcing.Benchmarks;

/// <summary>One line of the results table: a measurement next to the baseline measured in the same run.</summary>
/// <param name="Item">Issue 7 item number.</param>
/// <param name="Measurement">What was measured, with its value and unit.</param>
/// <param name="Baseline">What it is compared with, with its value and unit ("" when there is none).</param>
/// <param name="Ratio">Measurement over baseline in the direction where higher is better; null when not a comparison.</param>
/// <param name="Target">The issue's target for the ratio, e.g. "≥ 0.90", or "" for information rows.</param>
/// <param name="Minimum">The ratio the target asks for, when there is one.</param>
internal sealed record ResultRow(string Item, string Measurement, string Baseline, double? Ratio, string Target, double? Minimum = null)
{
    /// <summary>Two decimals, three when two would round onto the target and hide which side of it the ratio fell.</summary>
    public string RatioText => Ratio is not { } x ? "" :
        x.ToString(Minimum is { } m && Math.Abs(x - m) < 0.005 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    public string Verdict(bool judged) =>
        !judged || Minimum is null || Ratio is null ? "" : Ratio >= Minimum ? "met" : "MISSED";
}

internal sealed class Report(bool judged)
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<string> _notes = [];

    public void Add(ResultRow row)
    {
        _rows.Add(row);
        Console.WriteLine($"  [{row.Item}] {row.Measurement}" + (row.Baseline.Length > 0 ? $" vs {row.Baseline}" : "") +
                          (row.Ratio is not null ? $" → {row.RatioText}" : ""));
    }

    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine("  · " + note);
    }

    public static string Fmt(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Rate(double eventsPerSecond) =>
        (eventsPerSecond / 1000).ToString("0.0", CultureInfo.InvariantCulture) + "k events/s";

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

    public string Markdown(string title, IEnumerable<string> machine)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        sb.AppendLine("| # | measurement | baseline (same run) | ratio | target | |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in _rows)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Item} | {r.Measurement} | {r.Baseline} | {r.RatioText} | {r.Target} | {r.Verdict(judged)} |");
        sb.AppendLine().AppendLine("Machine:").AppendLine();
        foreach (var m in machine) sb.AppendLine("- " + m);
        if (_notes.Count > 0)
        {
            sb.AppendLine().AppendLine("Notes:").AppendLine();
            foreach (var n in _notes) sb.AppendLine("- " + n);
        }
        return sb.ToString();
    }

    public void PrintTable()
    {
        var headers = new[] { "#", "measurement", "baseline (same run)", "ratio", "target", "" };
        var cells = _rows.Select(r => new[] { r.Item, r.Measurement, r.Baseline, r.RatioText, r.Target, r.Verdict(judged) }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        string Line(string[] c) => string.Join("  ", c.Select((x, i) => x.PadRight(widths[i]))).TrimEnd();
        Console.WriteLine();
        Console.WriteLine(Line(headers));
        Console.WriteLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        foreach (var c in cells) Console.WriteLine(Line(c));
    }

    public int Missed => judged ? _rows.Count(r => r.Verdict(true) == "MISSED") : 0;
}
