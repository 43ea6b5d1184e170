using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Views;

/// <summary>
/// A table that degrades instead of breaking: when the console is too narrow for the table without splitting a word or
/// an id (<c>hong-kong</c>, <c>beijing-tianjin-hebei</c>), each row is printed as a block — the first cell as its heading,
/// then one indented <c>column: value</c> line per other cell. Wide enough consoles get the table unchanged.
/// </summary>
internal sealed class FitTable(Table table) : Renderable
{
    private const string Indent = "  ";

    protected override Measurement Measure(RenderOptions options, int maxWidth) => ((IRenderable)table).Measure(options, maxWidth);

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var natural = ((IRenderable)table).Measure(options, maxWidth);
        if (natural.Max <= maxWidth) return ((IRenderable)table).Render(options, maxWidth);
        // Too wide: give every column at least its longest word (Spectre's own shrinking is proportional and would cut
        // "hong-kong" to "hong-kon/g"), share what is left by how much more each column would like; if even the longest
        // words do not fit side by side, stack the rows.
        var columns = table.Columns.Select((c, i) => Cells(i).Append(c.Header).Select(r => r.Measure(options, maxWidth))
            .Aggregate((Min: 0, Max: 0), (a, m) => (Math.Max(a.Min, c.NoWrap ? m.Max : m.Min), Math.Max(a.Max, m.Max)))).ToList();
        var chrome = table.Columns.Sum(c => c.Padding?.GetWidth() ?? 2) + (table.Border == TableBorder.None ? 0 : table.Columns.Count + 1);
        var room = maxWidth - chrome - columns.Sum(c => c.Min);
        if (room < 0) return ((IRenderable)Stacked(options, maxWidth)).Render(options, maxWidth);
        var wish = Math.Max(1, columns.Sum(c => c.Max - c.Min));
        var given = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            var extra = i == columns.Count - 1 ? room - given : (int)((long)room * (columns[i].Max - columns[i].Min) / wish);
            extra = Math.Min(extra, columns[i].Max - columns[i].Min);
            given += extra;
            table.Columns[i].Width = columns[i].Min + extra;
        }
        return ((IRenderable)table).Render(options, maxWidth);
    }

    private IEnumerable<IRenderable> Cells(int column) => table.Rows.Select(r => r[column]);

    private Rows Stacked(RenderOptions options, int maxWidth)
    {
        var headers = table.Columns.Select(c => Lines(c.Header, options, maxWidth)).Select(l => string.Join(" ", l)).ToList();
        var blocks = new List<IRenderable>();
        if (table.Title is { } title) blocks.Add(new Markup($"[bold]{Markup.Escape(title.Text)}[/]"));
        foreach (var row in table.Rows)
        {
            var cells = row.ToList();
            // A short first header is a unit ("v" of a version): "v3", not a bare "3"; a long one names the entity.
            var heading = string.Join(" / ", Lines(cells[0], options, maxWidth));
            blocks.Add(new Text(headers[0].Length <= 2 ? headers[0] + heading : heading));
            for (var i = 1; i < cells.Count; i++)
            {
                var label = $"{Indent}{headers[i]}:";
                var pad = new string(' ', Indent.Length * 2);
                var value = Lines(cells[i], options, Math.Max(10, maxWidth - pad.Length));
                var first = value.Count == 0 ? "" : value[0];
                if (label.Length + 1 + first.Length <= maxWidth) blocks.Add(new Text($"{label} {first}"));
                else { blocks.Add(new Text(label)); blocks.Add(new Text(pad + first)); }
                foreach (var more in value.Skip(1)) blocks.Add(new Text(pad + more));
            }
        }
        blocks.Add(new Text(""));
        return new Rows(blocks);
    }

    /// <summary>A cell's text, line by line, as the console would print it at this width (styles dropped).</summary>
    private static List<string> Lines(IRenderable cell, RenderOptions options, int width)
    {
        var lines = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var segment in cell.Render(options, width))
        {
            if (segment.IsLineBreak) { lines.Add(current.ToString().TrimEnd()); current.Clear(); }
            else if (!segment.IsControlCode) current.Append(segment.Text);
        }
        if (current.Length > 0) lines.Add(current.ToString().TrimEnd());
        return lines.Where(l => l.Length > 0).ToList();
    }
}

/// <summary>Tables the host prints go through <see cref="Fit"/>, so no layout splits an id on a narrow console.</summary>
internal static class Layouts
{
    public static IRenderable Fit(this Table table) => new FitTable(table);
}
