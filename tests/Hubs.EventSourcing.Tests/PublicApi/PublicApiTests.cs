using System.Reflection;
using Hubs.EventSourcing.Testing;
using PublicApiGenerator;

namespace Hubs.EventSourcing.Tests.PublicApi;

/// <summary>
/// The public-API lock: the generated public surface of each package must equal the approved file next to this test,
/// so a breaking (or any) change to the surface is a deliberate, reviewed edit of that file. To accept a change, run
/// <c>HUBS_ACCEPT_API=1 dotnet test tests/Hubs.EventSourcing.Tests --filter PublicApi</c> and commit the approved file.
/// </summary>
public sealed class PublicApiTests
{
    private const string AcceptVariable = "HUBS_ACCEPT_API";

    public static TheoryData<string> Packages => new() { "Hubs.EventSourcing", "Hubs.EventSourcing.Testing" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void public_api_matches_the_approved_lock_file(string package)
    {
        var assembly = package switch
        {
            "Hubs.EventSourcing" => typeof(HubsCommands).Assembly,
            _ => typeof(HubsSpec).Assembly,
        };
        var received = Generate(assembly);
        var approvedPath = RepoFiles.PathOf("tests", "Hubs.EventSourcing.Tests", "PublicApi", $"{package}.approved.txt");
        var receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";
        var approved = File.Exists(approvedPath) ? RepoFiles.ReadText(approvedPath) : "";

        if (received == approved)
        {
            File.Delete(receivedPath);
            return;
        }
        if (RepoFiles.Accepting(AcceptVariable))
        {
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of {package} differs from {approvedPath}.\n" +
            $"The generated API was written to {receivedPath}.\n" +
            $"If the change is intended, accept it with: {AcceptVariable}=1 dotnet test tests/Hubs.EventSourcing.Tests --filter PublicApi\n" +
            "then commit the approved file (and note breaking changes in docs/release-notes.md).\n" +
            Describe(approved, received));
    }

    [Fact]
    public void every_public_class_is_sealed_or_static()
    {
        var open = new[] { typeof(HubsCommands).Assembly, typeof(HubsSpec).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName)
            .ToList();
        open.ShouldBeEmpty("public classes are sealed unless designed for extension");
    }

    internal static string Generate(Assembly assembly) =>
        assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            // The generator skips System.* and Microsoft.* by default; AddHubsEventSourcing lives in the DI namespace.
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
        }).ReplaceLineEndings("\n");

    /// <summary>Lines only in the approved file (-) and only in the generated API (+), in file order.</summary>
    private static string Describe(string approved, string received)
    {
        var before = approved.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var after = received.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var removed = approved.Split('\n').Where(l => !after.Contains(l.Trim())).Select(l => "- " + l.Trim());
        var added = received.Split('\n').Where(l => !before.Contains(l.Trim())).Select(l => "+ " + l.Trim());
        return string.Join("\n", removed.Concat(added).Take(60));
    }
}
