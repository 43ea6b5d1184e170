using System.Text.RegularExpressions;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Tests.Docs;

/// <summary>docs/domain.md promises every stored event name and every rejection code; these tests keep that promise.</summary>
public sealed partial class DomainDocTests
{
    private static readonly string Domain = RepoFiles.ReadText(RepoFiles.PathOf("docs", "domain.md"));

    [Fact]
    public void every_stored_event_name_of_the_librarys_modules_is_documented() =>
        HubsModel.BuiltIn.SelectMany(m => m.Events).Select(e => e.StoredName).Where(name => !Domain.Contains($"`{name}`", StringComparison.Ordinal))
            .ShouldBeEmpty("each stable event name needs a row in docs/domain.md");

    [Fact]
    public void every_rejection_code_in_the_source_is_documented()
    {
        var codes = RejectionCodes();
        codes.ShouldContain("region-in-another-cluster", "the scan must find the codes raised by the deciders");
        codes.ShouldContain("invalid-id", "the scan must find the codes set by the validators");
        codes.Where(code => !Domain.Contains($"`{code}`", StringComparison.Ordinal))
            .ShouldBeEmpty("each rejection code needs a row in docs/domain.md#rejection-codes");
    }

    /// <summary>Codes as the source raises them: decider rejections, validator error codes and context violations.</summary>
    private static SortedSet<string> RejectionCodes() =>
        new(Directory.EnumerateFiles(RepoFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(RepoFiles.Root, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .SelectMany(f => CodePattern().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["code"].Value), StringComparer.Ordinal);

    [GeneratedRegex("""(?:CommandRejectedException\(|WithErrorCode\(|new RuleViolation\(|new\()\s*"(?<code>[a-z]+(?:-[a-z]+)+|required)"\s*[,)]""")]
    private static partial Regex CodePattern();
}
