using System.Text.RegularExpressions;

namespace Hubs.EventSourcing.Tests.Docs;

/// <summary>
/// Code snippets shared by compiled code and Markdown. In a .cs file a region is marked
/// <c>// begin-snippet: name</c> … <c>// end-snippet</c> (regions may nest; marker lines never appear in a snippet).
/// In Markdown the line <c>&lt;!-- snippet: name --&gt;</c> is followed by a fenced code block holding that region.
/// </summary>
internal static partial class Snippets
{
    public sealed record Usage(string File, string Name, int FenceLine, string Text);

    /// <summary>Every region of the given C# sources by name, dedented, with a trailing newline.</summary>
    public static Dictionary<string, string> Regions(IEnumerable<(string File, string Text)> sources)
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, text) in sources)
        {
            var open = new List<(string Name, List<string> Lines, int Line)>();
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (Begin().Match(lines[i]) is { Success: true } begin)
                {
                    open.Add((begin.Groups[1].Value, [], i + 1));
                    continue;
                }
                if (End().IsMatch(lines[i]))
                {
                    if (open.Count == 0) throw new FormatException($"{file}:{i + 1}: end-snippet without begin-snippet.");
                    var (name, body, _) = open[^1];
                    open.RemoveAt(open.Count - 1);
                    if (!regions.TryAdd(name, Dedent(body)))
                        throw new FormatException($"{file}:{i + 1}: snippet '{name}' is defined twice.");
                    continue;
                }
                foreach (var region in open) region.Lines.Add(lines[i]);
            }
            if (open.Count > 0) throw new FormatException($"{file}:{open[^1].Line}: snippet '{open[^1].Name}' is never ended.");
        }
        return regions;
    }

    /// <summary>Every snippet block in a Markdown text, with the marker's indentation (inside a list item) removed.</summary>
    public static List<Usage> Usages(string file, string markdown)
    {
        var usages = new List<Usage>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Block(file, lines, i) is not { } block) continue;
            var body = lines[(i + 2)..block.Close].Select(l => (l.StartsWith(block.Indent, StringComparison.Ordinal) ? l[block.Indent.Length..] : l.TrimStart()) + "\n");
            usages.Add(new Usage(file, block.Name, i + 2, string.Concat(body)));
            i = block.Close;
        }
        return usages;
    }

    /// <summary>The Markdown with each snippet block's body replaced by the region of the same name, indented like its marker.</summary>
    public static string Render(string markdown, IReadOnlyDictionary<string, string> regions)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var output = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            output.Add(lines[i]);
            if (Block("markdown", lines, i) is not { } block || !regions.TryGetValue(block.Name, out var code)) continue;
            output.Add(lines[i + 1]);
            output.AddRange(code.TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? "" : block.Indent + l));
            i = block.Close - 1;
        }
        return string.Join("\n", output);
    }

    /// <summary>When line <paramref name="i"/> is a snippet marker: its name, indentation and the line closing its code block.</summary>
    private static (string Name, string Indent, int Close)? Block(string file, string[] lines, int i)
    {
        if (Marker().Match(lines[i]) is not { Success: true } marker) return null;
        var (indent, name) = (marker.Groups[1].Value, marker.Groups[2].Value);
        if (i + 1 >= lines.Length || !lines[i + 1].StartsWith(indent + "```", StringComparison.Ordinal))
            throw new FormatException($"{file}:{i + 1}: snippet '{name}' must be followed directly by a fenced code block.");
        var close = Array.FindIndex(lines, i + 2, l => l.StartsWith(indent + "```", StringComparison.Ordinal));
        if (close < 0) throw new FormatException($"{file}:{i + 2}: the code block of snippet '{name}' is never closed.");
        return (name, indent, close);
    }

    private static string Dedent(List<string> lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Concat(lines.Select(l => (l.Length >= indent ? l[indent..] : l.TrimStart()).TrimEnd() + "\n"));
    }

    [GeneratedRegex(@"^\s*// begin-snippet: ([a-z0-9-]+)\s*$")]
    private static partial Regex Begin();

    [GeneratedRegex(@"^\s*// end-snippet\s*$")]
    private static partial Regex End();

    [GeneratedRegex(@"^(\s*)<!-- snippet: ([a-z0-9-]+) -->\s*$")]
    private static partial Regex Marker();
}
