using System.Globalization;
using System.Net;
using System.Text;

namespace Hubs.SampleHost.Views.Html;

/// <summary>One point of a yearly series; <paramref name="Note"/> (e.g. <c>revised 1×</c>) rings the point and is said in its title.</summary>
internal sealed record ChartPoint(int Year, decimal Value, string? Note = null);

/// <summary>A series drawn as points joined by a line; <paramref name="Css"/> names its colour class (see <see cref="Palette"/>).</summary>
internal sealed record ChartSeries(string Label, string Css, IReadOnlyList<ChartPoint> Points, bool Hollow = false, bool Joined = true);

/// <summary>A straight line between two years (a target, a trend to the deadline).</summary>
internal sealed record ChartLine(string Label, string Css, int FromYear, decimal From, int ToYear, decimal To, bool Dashed);

/// <summary>
/// The page's own chart generator: inline SVG that scales with its container (viewBox, width 100 %), years as integers
/// without repeats, the legend in HTML below the plot (it can never cover a point), every point titled with its value, and
/// an empty series said in words instead of an empty axis. No script, no font of its own: the page's font is used.
/// </summary>
internal static class SvgChart
{
    private const int Width = 640, Height = 260, MinLeft = 48, Right = 16, Top = 12, Bottom = 30, TickCharWidth = 8;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A yearly chart, or a sentence when there is nothing to draw.</summary>
    /// <param name="id">Unique on the page (for aria references).</param>
    /// <param name="format">How the indicator's values are written (its one decimal rule).</param>
    public static string Yearly(string id, string title, string unit, IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartLine> lines,
        Func<decimal, string> format)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        if (points.Count == 0)
            return $"<p class=\"empty\" data-chart=\"{E(id)}\">{E(title)}: no figures recorded yet, so there is nothing to chart.</p>";
        var years = points.Select(p => p.Year).Concat(lines.SelectMany(l => new[] { l.FromYear, l.ToYear })).ToList();
        int x0 = years.Min(), x1 = years.Max();
        if (x0 == x1) { x0--; x1++; }
        var values = points.Select(p => p.Value).Concat(lines.SelectMany(l => new[] { l.From, l.To })).ToList();
        var (y0, y1, step) = NiceRange(values.Min(), values.Max());
        var ticks = new List<(decimal Value, string Label)>();
        for (var v = y0; v <= y1; v += step) ticks.Add((v, AxisLabel(v, step)));
        // Room at the left for the widest tick label (an expenditure in CNY 100m has six digits and a separator).
        var left = Math.Max(MinLeft, 12 + TickCharWidth * ticks.Max(t => t.Label.Length));
        double X(double year) => left + (year - x0) / (x1 - x0) * (Width - left - Right);
        double Y(decimal v) => Top + (double)((y1 - v) / (y1 - y0)) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(Invariant, $"<figure class=\"chart\" data-chart=\"{E(id)}\"><svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{E(id)}-t {E(id)}-d\" aria-label=\"{E(title)}\">");
        svg.Append($"<title id=\"{E(id)}-t\">{E(title)}</title><desc id=\"{E(id)}-d\">{E(Describe(series, lines, unit, format))}</desc>");
        foreach (var (v, label) in ticks)
            svg.Append(Invariant, $"<line class=\"grid\" x1=\"{left}\" x2=\"{Width - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\"/><text class=\"tick\" x=\"{left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{label}</text>");
        var yearStep = YearStep(x1 - x0);
        for (var year = x0; year <= x1; year += yearStep)
            svg.Append(Invariant, $"<text class=\"tick year\" x=\"{X(year):0.#}\" y=\"{Height - 10}\" text-anchor=\"middle\">{year}</text>");
        svg.Append(Invariant, $"<line class=\"axis\" x1=\"{left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\"/>");
        foreach (var l in lines)
            svg.Append(Invariant, $"<line class=\"{l.Css}{(l.Dashed ? " dashed" : "")}\" x1=\"{X(l.FromYear):0.#}\" y1=\"{Y(l.From):0.#}\" x2=\"{X(l.ToYear):0.#}\" y2=\"{Y(l.To):0.#}\"><title>{E(l.Label)}</title></line>");
        foreach (var s in series)
        {
            var ordered = s.Points.OrderBy(p => p.Year).ToList();
            if (s.Joined && ordered.Count > 1)
                svg.Append($"<polyline class=\"{s.Css} joined\" points=\"{string.Join(' ', ordered.Select(p => string.Create(Invariant, $"{X(p.Year):0.#},{Y(p.Value):0.#}")))}\"/>");
            foreach (var p in ordered)
            {
                if (p.Note is not null)
                    svg.Append(Invariant, $"<circle class=\"{s.Css} ring\" cx=\"{X(p.Year):0.#}\" cy=\"{Y(p.Value):0.#}\" r=\"9\"/>");
                svg.Append(Invariant, $"<circle class=\"{s.Css} point{(s.Hollow ? " hollow" : "")}\" data-year=\"{p.Year}\" data-value=\"{format(p.Value)}\" cx=\"{X(p.Year):0.#}\" cy=\"{Y(p.Value):0.#}\" r=\"5\">" +
                                      $"<title>{E($"{s.Label} {p.Year}: {format(p.Value)}{unit}{(p.Note is null ? "" : $" ({p.Note})")}")}</title></circle>");
            }
        }
        svg.Append("</svg><figcaption><ul class=\"legend\">");
        foreach (var s in series.Where(s => s.Points.Count > 0))
            svg.Append($"<li><span class=\"swatch {s.Css}{(s.Hollow ? " hollow" : "")}\" aria-hidden=\"true\"></span>{E(s.Label)}</li>");
        if (points.Any(p => p.Note is not null))
            svg.Append("<li><span class=\"swatch ring-key\" aria-hidden=\"true\"></span>ringed: revised after its first report, or corrected</li>");
        foreach (var l in lines)
            svg.Append($"<li><span class=\"swatch line {l.Css}{(l.Dashed ? " dashed" : "")}\" aria-hidden=\"true\"></span>{E(l.Label)}</li>");
        return svg.Append("</ul></figcaption></figure>").ToString();
    }

    /// <summary>Horizontal bars, one row per label, longest first as given: readable at any width.</summary>
    public static string Bars(string id, string title, string unit, IReadOnlyList<(string Label, decimal Value, string Css)> bars, Func<decimal, string> format)
    {
        if (bars.Count == 0)
            return $"<p class=\"empty\" data-chart=\"{E(id)}\">{E(title)}: no figures for that year.</p>";
        const int row = 26, labelWidth = 150, valueWidth = 56;
        var height = bars.Count * row + 8;
        var max = bars.Max(b => b.Value);
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<figure class=\"chart bars\" data-chart=\"{E(id)}\"><svg viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-labelledby=\"{E(id)}-t\" aria-label=\"{E(title)}\">");
        svg.Append($"<title id=\"{E(id)}-t\">{E(title)}</title>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, css) = bars[i];
            var w = max <= 0 ? 0 : (double)(value / max) * (Width - labelWidth - valueWidth);
            var y = 4 + i * row;
            svg.Append(Invariant, $"<text class=\"label\" x=\"{labelWidth - 8}\" y=\"{y + 17}\" text-anchor=\"end\">{E(label)}</text>");
            svg.Append(Invariant, $"<rect class=\"{css}\" x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{row - 8}\"><title>{E($"{label}: {format(value)}{unit}")}</title></rect>");
            svg.Append(Invariant, $"<text class=\"value\" x=\"{labelWidth + w + 6:0.#}\" y=\"{y + 17}\">{format(value)}</text>");
        }
        return svg.Append("</svg></figure>").ToString();
    }

    /// <summary>Every point in words, for a screen reader (the tables beside the charts hold the same figures).</summary>
    private static string Describe(IReadOnlyList<ChartSeries> series, IReadOnlyList<ChartLine> lines, string unit, Func<decimal, string> format) =>
        string.Join("; ", series.Where(s => s.Points.Count > 0)
            .Select(s => $"{s.Label}: {string.Join(", ", s.Points.OrderBy(p => p.Year).Select(p => $"{p.Year} {format(p.Value)}{unit}"))}")
            .Concat(lines.Select(l => l.Label)));

    /// <summary>1, 2, 5 or 10 years between labels, so that at most 8 labels fit and none repeats.</summary>
    internal static int YearStep(int span) => new[] { 1, 2, 5, 10, 20, 50 }.First(s => span / s <= 8);

    /// <summary>A range from a round number below the data to one above, in steps of 1, 2 or 5 × 10ⁿ (about five of them).</summary>
    internal static (decimal Min, decimal Max, decimal Step) NiceRange(decimal min, decimal max)
    {
        var nonNegative = min >= 0;
        if (min == max) { min -= Math.Max(1, Math.Abs(min) / 10); max += Math.Max(1, Math.Abs(max) / 10); }
        var raw = (double)(max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (decimal)(new[] { 1d, 2d, 5d, 10d }.First(m => m * magnitude >= raw) * magnitude);
        var lo = Math.Floor(min / step) * step;
        var hi = Math.Ceiling(max / step) * step;
        if (nonNegative && lo < 0) lo = 0;
        return (lo, hi == lo ? lo + step : hi, step);
    }

    private static string AxisLabel(decimal v, decimal step) =>
        v.ToString(step >= 1 ? "#,0" : step >= 0.1m ? "0.0" : "0.00", Invariant);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
