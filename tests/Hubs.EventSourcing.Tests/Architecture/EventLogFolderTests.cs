using System.Text.RegularExpressions;

namespace Hubs.EventSourcing.Tests.Architecture;

/// <summary>
/// Every line of SQL that names one of Marten's tables lives in <c>src/Hubs.EventSourcing/EventLog/</c> (ADR 16), so a Marten
/// upgrade is checked against one folder. Outside it, code names no <c>mt_</c> table, sequence or column and no table of
/// <c>MartenTables</c> (a document alias, which is configuration and not SQL, is allowed); comments may. The sample host
/// reaches Marten's tables only through the library.
/// </summary>
public sealed partial class EventLogFolderTests
{
    private static readonly string EventLog = Path.Combine("src", "Hubs.EventSourcing", "EventLog") + Path.DirectorySeparatorChar;

    /// <summary><c>mt_…</c>, or a member of <c>MartenTables</c> other than a document alias or the stream-type rule.</summary>
    [GeneratedRegex(@"mt_|MartenTables\.(?!(CheckpointAlias|StoreIdentityAlias|StreamType)\b)")]
    private static partial Regex MartenTableName();

    private static IEnumerable<string> SourceFiles() =>
        new[] { "src", "samples" }.SelectMany(d => Directory.EnumerateFiles(RepoFiles.PathOf(d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string path) => Path.GetRelativePath(RepoFiles.Root, path);

    /// <summary>The lines of code (not comments) of a file that name a Marten table, as <c>path:line: text</c>.</summary>
    internal static IEnumerable<string> MartenTableLines(string path) =>
        File.ReadLines(path).Select((text, i) => (Text: text.Trim(), Line: i + 1))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && !l.Text.StartsWith('*') && !l.Text.StartsWith("/*", StringComparison.Ordinal))
            .Where(l => MartenTableName().IsMatch(l.Text))
            .Select(l => $"{Relative(path)}:{l.Line}: {l.Text}");

    [Fact]
    public void no_file_outside_the_event_log_folder_names_a_marten_table_in_code()
    {
        var outside = SourceFiles().Where(f => !Relative(f).StartsWith(EventLog, StringComparison.Ordinal)).ToList();
        outside.Count.ShouldBeGreaterThan(100, "the scan should see the library's and the host's sources");

        var offending = outside.SelectMany(MartenTableLines).ToList();

        offending.ShouldBeEmpty("SQL against Marten's tables belongs in src/Hubs.EventSourcing/EventLog/ (ADR 16); these lines name one elsewhere");
    }

    [Fact]
    public void the_event_log_folder_holds_the_sql_against_martens_tables()
    {
        var inside = SourceFiles().Where(f => Relative(f).StartsWith(EventLog, StringComparison.Ordinal)).ToList();

        inside.SelectMany(MartenTableLines).Count().ShouldBeGreaterThan(10,
            "the scan recognises the table names where they are meant to be, so it would recognise them elsewhere");
    }
}
