namespace Hubs.EventSourcing.Tests.Docs;

/// <summary>
/// Code in the docs must not rot: every snippet block in README.md and docs/*.md must equal the region of the same name
/// in compiled code (tests/ConsumerCheck, built and run against the packed packages by .ci/consumer-check). After changing
/// that code, <c>HUBS_ACCEPT_SNIPPETS=1 dotnet test tests/Hubs.EventSourcing.Tests --filter Snippet</c> rewrites the blocks.
/// </summary>
public sealed class SnippetTests
{
    private const string AcceptVariable = "HUBS_ACCEPT_SNIPPETS";

    [Fact]
    public void every_snippet_in_the_docs_equals_its_region_in_compiled_code()
    {
        var regions = CodeRegions();
        var problems = new List<string>();
        foreach (var doc in Documents())
        {
            var text = RepoFiles.ReadText(doc);
            var usages = Snippets.Usages(Relative(doc), text);
            problems.AddRange(usages.Where(u => !regions.ContainsKey(u.Name))
                .Select(u => $"{u.File}:{u.FenceLine}: snippet '{u.Name}' is not defined in any .cs file."));
            var stale = usages.Where(u => regions.TryGetValue(u.Name, out var code) && code != u.Text).ToList();
            if (stale.Count == 0) continue;
            if (RepoFiles.Accepting(AcceptVariable))
            {
                File.WriteAllText(doc, Snippets.Render(text, regions));
                continue;
            }
            problems.AddRange(stale.Select(u =>
                $"{u.File}:{u.FenceLine}: snippet '{u.Name}' differs from the code.\n--- docs\n{u.Text}+++ code\n{regions[u.Name]}"));
        }
        problems.ShouldBeEmpty(
            $"the docs must show the compiled code; after changing the code run {AcceptVariable}=1 dotnet test tests/Hubs.EventSourcing.Tests --filter Snippet");
    }

    [Fact]
    public void every_code_snippet_is_shown_in_the_docs()
    {
        var used = Documents().SelectMany(d => Snippets.Usages(d, RepoFiles.ReadText(d))).Select(u => u.Name).ToHashSet();
        CodeRegions().Keys.Where(name => !used.Contains(name)).ShouldBeEmpty("a marked region nobody shows is a stale marker");
    }

    [Fact]
    public void the_readme_shows_the_example_in_at_most_fifteen_lines()
    {
        var example = Snippets.Usages("README.md", RepoFiles.ReadText(RepoFiles.PathOf("README.md"))).ShouldHaveSingleItem();
        example.Name.ShouldBe("readme-example");
        example.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBeLessThanOrEqualTo(15);
    }

    [Fact]
    public void nested_regions_leave_their_markers_out_and_are_dedented()
    {
        // Built from parts so that this file's own scan does not take the sample markers for real regions.
        const string begin = "// begin-" + "snippet: ", end = "// end-" + "snippet";
        var code = string.Join("\n", "{", $"    {begin}outer", "    var a = 1;", $"    {begin}inner", "    var b = 2;", $"    {end}", $"    {end}", "}");
        var regions = Snippets.Regions([("a.cs", code)]);
        regions["outer"].ShouldBe("var a = 1;\nvar b = 2;\n");
        regions["inner"].ShouldBe("var b = 2;\n");
    }

    [Fact]
    public void a_doc_block_that_differs_from_the_code_is_found_and_can_be_rewritten()
    {
        const string markdown = "Intro\n<!-- snippet: s -->\n```csharp\nold();\n```\nOutro\n";
        var usage = Snippets.Usages("x.md", markdown).ShouldHaveSingleItem();
        usage.Text.ShouldBe("old();\n");
        Snippets.Render(markdown, new Dictionary<string, string> { ["s"] = "fresh();\nmore();\n" })
            .ShouldBe("Intro\n<!-- snippet: s -->\n```csharp\nfresh();\nmore();\n```\nOutro\n");
    }

    [Fact]
    public void a_snippet_inside_a_list_item_is_compared_and_rewritten_at_its_indentation()
    {
        const string markdown = "- step\n\n  <!-- snippet: s -->\n  ```csharp\n  if (x)\n      y();\n  ```\n";
        Snippets.Usages("x.md", markdown).ShouldHaveSingleItem().Text.ShouldBe("if (x)\n    y();\n");
        Snippets.Render(markdown, new Dictionary<string, string> { ["s"] = "z();\n\nw();\n" })
            .ShouldBe("- step\n\n  <!-- snippet: s -->\n  ```csharp\n  z();\n\n  w();\n  ```\n");
    }

    /// <summary>Regions of every C# file in the repository (the docs' snippets live in tests/ConsumerCheck).</summary>
    private static Dictionary<string, string> CodeRegions() =>
        Snippets.Regions(new[] { "src", "samples", "tests" }
            .Select(d => RepoFiles.PathOf(d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !Relative(f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => (Relative(f), RepoFiles.ReadText(f))));

    private static IEnumerable<string> Documents() =>
        new[] { RepoFiles.PathOf("README.md") }.Concat(Directory.EnumerateFiles(RepoFiles.PathOf("docs"), "*.md", SearchOption.AllDirectories));

    private static string Relative(string path) => Path.GetRelativePath(RepoFiles.Root, path);
}
