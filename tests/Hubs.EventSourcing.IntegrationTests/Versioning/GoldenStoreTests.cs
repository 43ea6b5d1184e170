using System.Text.Json;
using System.Text.Json.Nodes;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Golden;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Versioning;

/// <summary>
/// Every golden store under tests/golden/ (a store written by a past release, with that release's Marten DDL, made by
/// tests/golden/make-golden.sh) loaded into a fresh database and opened by this release: it must verify, fold and report
/// exactly as the release that wrote it did, and take new events on top with every chain continuing.
/// </summary>
public sealed class GoldenStoreTests
{
    private static string[] ReleaseNames() =>
        Directory.GetDirectories(GoldenDatabase.Root).Where(d => File.Exists(Path.Combine(d, "store.sql"))).Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Releases() => new(ReleaseNames());

    /// <summary>
    /// Report figures a later release changed on purpose, each listed with the release and the reason (docs/versioning.md);
    /// verification and stream states never get an exception.
    /// 0.2.0 (docs/tracking.md, release notes "Tracking tells the truth"): a cluster's R&amp;D-intensity target is tracked
    /// from complete years only, with one method per trend line and recorded exclusions, so its latest value, trend,
    /// projection, required change and status differ from 0.1.0's (which read a partial 2024 as "achieved"), and the
    /// composite's basis is worded for exclusions. Rank targets, series, members and everything else must still match.
    /// </summary>
    /// 0.2.0 (docs/auditing.md, "Checkpoints"): a checkpoint is used only when the chain seals its state; 0.1.0's carry no
    /// seal, so they are refused and the stream folded from version 1 — the state is the same (compared as usual), only
    /// the checkpoint it was read from is none.
    private static bool ChangedOnPurpose(string difference, JsonNode expected)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(difference, @"^\$\.streams\.[^ ]+\.checkpointVersion: null, expected \d+$")) return true;
        var m = System.Text.RegularExpressions.Regex.Match(difference,
            @"^\$(?<root>\.report(AsOf|KnownAt)?)?\.clusters\[(?<c>\d+)\]\.(compositeBasis|targets\[(?<t>\d+)\]\.(latestYear|latest|projected|requiredAnnualChange|trendSlope|trendPoints|status)):");
        if (!m.Success) return false;
        if (!m.Groups["t"].Success) return true;
        var report = m.Groups["root"].Success ? expected[m.Groups["root"].Value[1..]] : expected;
        return report?["clusters"]?[int.Parse(m.Groups["c"].Value, System.Globalization.CultureInfo.InvariantCulture)]?["targets"]
            ?[int.Parse(m.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture)]?["metric"]?.GetValue<string>() == "RdIntensity";
    }

    [Fact]
    public void the_golden_store_of_0_1_0_is_kept() =>
        ReleaseNames().ShouldContain("0.1.0", "release 0.1.0's golden store is kept for good (docs/versioning.md)");

    [Theory]
    [MemberData(nameof(Releases))]
    public async Task a_store_written_by_an_earlier_release_reads_back_as_it_did_and_takes_new_events(string release)
    {
        await using var database = await GoldenDatabase.LoadAsync(release);
        var manifest = database.Manifest.RootElement;
        var asOf = DateTimeOffset.Parse(manifest.GetProperty("asOf").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var knownAt = DateOnly.Parse(manifest.GetProperty("knownAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(database.Directory, "expected.json")))!;
        // The real upgrade: this release's Marten configuration applied over the DDL the old release created.
        await using var services = await database.OpenAsync();

        var actual = await GoldenSnapshot.CaptureAsync(services, asOf, knownAt);
        GoldenSnapshot.Differences(expected, actual).Where(d => !ChangedOnPurpose(d, expected)).ShouldBeEmpty(
            $"the {release} store must verify, fold and report as {release} did (tests/golden/{release}/expected.json)");

        // Marten's own read path: the daemon re-projects every stored event, old versions through the upcasters.
        var tracking = services.GetRequiredService<HubsTracking>();
        await tracking.RebuildAsync();
        GoldenSnapshot.Differences(expected["report"], JsonSerializer.SerializeToNode(await tracking.GetReportAsync(), GoldenSnapshot.Json))
            .Where(d => !ChangedOnPurpose(d, expected["report"]!)).ShouldBeEmpty("rebuilding the read models from the old events gives the same report");

        var commands = services.GetRequiredService<HubsCommands>();
        var audit = services.GetRequiredService<HubsAudit>();
        var before = (await audit.VerifyAsync()).Digest.Streams.ToDictionary(s => s.StreamKey, s => s.Version);
        await commands.SendAsync(new RegisterRegion("golden-new", "Golden New SAR", RegionKind.SpecialAdministrativeRegion), Ctx.New());
        await commands.SendAsync(new SetClusterTarget("greater-bay-area", TargetMetric.RdIntensity, null, 4.6m, 2035), Ctx.New());
        await commands.SendAsync(new ReportRdIntensity("beijing", 2023, 6.73m, null, null, new DateOnly(2024, 9, 1), "NBS"), Ctx.New());
        await commands.SendAsync(new ReviseRdIntensity("golden-ledger", 1950, 0.5m, null, null, new DateOnly(2100, 12, 31), "NBS", "restated"), Ctx.New());

        var after = await audit.VerifyAsync();
        after.Breaks.ShouldBeEmpty("new events chain on the old ones");
        after.IsIntact.ShouldBeTrue();
        var versions = after.Digest.Streams.ToDictionary(s => s.StreamKey, s => s.Version);
        versions[Keys.Region("golden-new")].ShouldBe(1);
        foreach (var key in new[] { Keys.Cluster("greater-bay-area"), Keys.Region("beijing"), Keys.Region("golden-ledger") })
            versions[key].ShouldBe(before[key] + 1, $"{key} grew by the one new event");

        var gba = await services.GetRequiredService<HubsQueries>().GetClusterAsync("greater-bay-area");
        gba!.Targets["RdIntensity"].Value.ShouldBe(4.6m, "the new target replaced the one stored by the old release");
        gba.Scope.ShouldBe(ClusterScope.Regional, "the old events still fold under the new one");
        var ledger = await audit.StateAsync(Keys.Region("golden-ledger"));
        // 0.1.0's checkpoint carries no seal in the chain and holds a region of state shape 1 (no membership date): it is
        // not read at all, so neither used nor refused.
        ledger!.CheckpointVersion.ShouldBeNull("0.1.0's checkpoint is of an older state shape and carries no seal, so it is not used for a fold");
        ledger.RefusedCheckpointVersion.ShouldBeNull("a checkpoint of another state shape is never read, so there is no refusal to report");
        JsonSerializer.Serialize(ledger.State, GoldenSnapshot.Json).ShouldBe(
            JsonSerializer.Serialize((await audit.StateAsync(Keys.Region("golden-ledger"), fullReplay: true))!.State, GoldenSnapshot.Json),
            "the fold without the refused checkpoint is the full replay");
    }
}
