using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>
/// Plants a false head in a command service's cache: what a writer whose view of a stream is wrong would decide on (an
/// edited checkpoint before checkpoints were sealed). Its version and hash are the stream's real ones, so the write's
/// version check passes and the hashes it computes are correct; only verify's cross-stream rules can tell.
/// </summary>
internal static class FalseHeads
{
    public static async Task LieAboutRegionAsync(HubsTestStore hubs, HubsCommands commands, string regionId, Func<Region, Region> lie)
    {
        var key = Keys.Region(regionId);
        var last = (await hubs.Audit().HistoryAsync(key).ListAsync())[^1];
        var region = (await hubs.Queries.GetRegionAsync(regionId))!;
        commands.Heads.Remember(new StreamHead(key, lie(region), last.Version, last.Hash, last.RecordedAt));
    }
}
