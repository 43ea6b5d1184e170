using System.Text;
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

    /// <summary>Every snippet block in a Markdown text.</summary>
    public static List<Usage> Usages(string file, string markdown)
    {
        var usages = new List<Usage>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Marker().Match(lines[i]) is not { Success: true } marker) continue;
            var name = marker.Groups[1].Value;
            if (i + 1 >= lines.Length || !lines[i + 1].StartsWith("```", StringComparison.Ordinal))
                throw new FormatException($"{file}:{i + 1}: snippet '{name}' must be followed directly by a fenced code block.");
            var close = Array.FindIndex(lines, i + 2, l => l.StartsWith("```", StringComparison.Ordinal));
            if (close < 0) throw new FormatException($"{file}:{i + 2}: the code block of snippet '{name}' is never closed.");
            usages.Add(new Usage(file, name, i + 2, string.Concat(lines[(i + 2)..close].Select(l => l + "\n"))));
            i = close;
        }
        return usages;
    }

    /// <summary>The Markdown with each snippet block's body replaced by the region of the same name.</summary>
    public static string Render(string markdown, IReadOnlyDictionary<string, string> regions)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var output = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            output.Append(lines[i]).Append(i < lines.Length - 1 ? "\n" : "");
            if (Marker().Match(lines[i]) is not { Success: true } marker || !regions.TryGetValue(marker.Groups[1].Value, out var code)) continue;
            var close = Array.FindIndex(lines, i + 2, l => l.StartsWith("```", StringComparison.Ordinal));
            output.Append(lines[i + 1]).Append('\n').Append(code);
            i = close - 1;
        }
        return output.ToString();
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

    [GeneratedRegex(@"^<!-- snippet: ([a-z0-9-]+) -->\s*$")]
    private static partial Regex Marker();
}
