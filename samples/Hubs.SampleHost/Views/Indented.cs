using Spectre.Console;
using Spectre.Console.Rendering;

namespace Hubs.SampleHost.Views;

/// <summary>
/// A line indented as a whole: in a narrow terminal (or <c>COLUMNS=60</c>) its wrapped continuation keeps the indent,
/// where leading spaces in the text indented only the first line.
/// </summary>
internal static class Indented
{
    public static IRenderable By(int columns, IRenderable line) => columns <= 0 ? line : new Padder(line, new Padding(columns, 0, 0, 0));
}
