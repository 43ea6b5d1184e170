using System.Reflection.Metadata;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Packaging;

/// <summary>
/// Debuggers fetch a package's sources through the SourceLink JSON inside its portable PDB. Without a git remote (or with a
/// local-path one, as in CI's clone) it used to come out empty; Directory.Build.targets points it at RepositoryUrl.
/// .ci/consumer-check checks the same inside the packed .snupkg.
/// </summary>
public sealed partial class SourceLinkTests
{
    // The SourceLink custom debug information kind, fixed by the portable PDB format.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static TheoryData<string> Assemblies => new() { "Hubs.EventSourcing", "Hubs.EventSourcing.Testing" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void the_pdb_maps_every_source_to_the_repository_at_the_built_commit(string assembly)
    {
        var location = (assembly == "Hubs.EventSourcing" ? typeof(HubsCommands) : typeof(HubsSpec)).Assembly.Location;
        var json = ReadSourceLink(Path.ChangeExtension(location, ".pdb"));

        json.ShouldNotBeNull($"{assembly}.pdb should carry SourceLink JSON");
        var documents = JsonDocument.Parse(json).RootElement.GetProperty("documents").EnumerateObject().ToList();
        documents.ShouldNotBeEmpty();
        documents.ShouldAllBe(d => RawGitHubUrl().IsMatch(d.Value.GetString()!));
    }

    private static string? ReadSourceLink(string pdbPath)
    {
        using var stream = File.OpenRead(pdbPath);
        using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
        var reader = provider.GetMetadataReader();
        foreach (var handle in reader.CustomDebugInformation)
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == SourceLinkKind)
                return System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
        }
        return null;
    }

    [GeneratedRegex("^https://raw\\.githubusercontent\\.com/hubs-eventsourcing/hubs-eventsourcing/[0-9a-f]{40}/\\*$")]
    private static partial Regex RawGitHubUrl();
}
