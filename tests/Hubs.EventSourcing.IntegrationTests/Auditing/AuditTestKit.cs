using System.Security.Cryptography;
using System.Text;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

internal static class AuditTestKit
{
    public static HubsAudit Audit(this HubsTestStore store) => store.Services.GetRequiredService<HubsAudit>();

    /// <summary>A region with three events: registered (v1), 2019 reported (v2), 2020 reported (v3).</summary>
    public static async Task<string> SeedRegionAsync(this HubsTestStore store, string id)
    {
        await store.Commands.SendAsync(new RegisterRegion(id, $"Region {id}", RegionKind.Province), Ctx.New());
        await store.Commands.SendAsync(new ReportRdIntensity(id, 2019, 2.41m, 1234.50m, "CNY 100m", new DateOnly(2020, 9, 1), "NBS"), Ctx.New());
        await store.Commands.SendAsync(new ReportRdIntensity(id, 2020, 2.52m, null, null, new DateOnly(2021, 9, 1), "NBS"), Ctx.New());
        return Keys.Region(id);
    }

    public static async Task<List<AuditedEvent>> ListAsync(this IAsyncEnumerable<AuditedEvent> events)
    {
        var list = new List<AuditedEvent>();
        await foreach (var e in events) list.Add(e);
        return list;
    }

    public static List<ChainBreak> BreaksOf(this VerificationReport report, string streamKey) =>
        report.Breaks.Where(b => b.StreamKey == streamKey).ToList();

    /// <summary>
    /// The recipe of docs/auditing.md written again from the document, sharing no code with the library, so an export
    /// that passes it is verifiable by anyone.
    /// </summary>
    public static string IndependentHash(params string[] fields)
    {
        var bytes = new List<byte>();
        foreach (var f in fields)
        {
            var utf8 = Encoding.UTF8.GetBytes(f);
            bytes.AddRange(Encoding.ASCII.GetBytes(utf8.Length + ":"));
            bytes.AddRange(utf8);
        }
        return Convert.ToHexString(SHA256.HashData(bytes.ToArray())).ToLowerInvariant();
    }

    /// <summary>The repository root (holds docs/), found from the test binaries' folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Hubs.EventSourcing.sln"))) return dir.FullName;
        throw new InvalidOperationException("Hubs.EventSourcing.sln not found above " + AppContext.BaseDirectory);
    }
}
