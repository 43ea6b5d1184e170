namespace Hubs.EventSourcing.Tests.Architecture;

/// <summary>
/// No source file of the library or the sample host passes 300 lines: a file that grows past it holds more than one role and
/// is split by role (a partial class per concern, a record in its own file), which keeps every behaviour two hops from the README.
/// </summary>
public sealed class FileSizeTests
{
    private const int Limit = 300;

    [Fact]
    public void no_source_file_in_src_or_samples_passes_300_lines()
    {
        var tooLong = new[] { "src", "samples" }
            .SelectMany(top => Directory.EnumerateFiles(RepoFiles.PathOf(top), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                           && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(path => (Path: Path.GetRelativePath(RepoFiles.Root, path), Lines: RepoFiles.ReadText(path).TrimEnd('\n').Split('\n').Length))
            .Where(f => f.Lines > Limit)
            .Select(f => $"{f.Path}: {f.Lines} lines")
            .ToList();
        tooLong.ShouldBeEmpty($"split these by role (limit {Limit} lines)");
    }

    [Fact]
    public void the_scan_sees_the_librarys_files() =>
        Directory.EnumerateFiles(RepoFiles.PathOf("src", "Hubs.EventSourcing"), "*.cs", SearchOption.AllDirectories)
            .ShouldContain(p => p.EndsWith("HubsCommands.cs", StringComparison.Ordinal));
}
