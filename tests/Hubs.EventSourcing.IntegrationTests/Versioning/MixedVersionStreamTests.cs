using System.Text;
using System.Text.Json;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Versioning;

/// <summary>
/// Release 0.1.0's store with new events appended to its streams: cluster:greater-bay-area holds <c>cluster_target_set</c>
/// written by 0.1.0 (version 1, <c>"metric": "RdIntensity"</c>) and, after it, <c>cluster_target_set_v2</c> written now.
/// </summary>
public sealed class MixedVersionStreamTests(MixedVersionStreamTests.Store fx) : IClassFixture<MixedVersionStreamTests.Store>
{
    private const string Gba = "cluster:greater-bay-area";

    public sealed class Store : IAsyncLifetime
    {
        private GoldenDatabase _database = null!;
        public ServiceProvider Services { get; private set; } = null!;
        internal GoldenDatabase Database => _database;
        public HubsAudit Audit => Services.GetRequiredService<HubsAudit>();

        /// <summary>The last version 0.1.0 wrote to <see cref="Gba"/>, and when.</summary>
        public AuditedEvent LastOld { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _database = await GoldenDatabase.LoadAsync("0.1.0");
            Services = await _database.OpenAsync();
            LastOld = (await Audit.HistoryAsync(Gba).ListAsync())[^1];
            var commands = Services.GetRequiredService<HubsCommands>();
            await commands.SendAsync(new SetClusterTarget("greater-bay-area", TargetMetric.RdIntensity, null, 4.8m, 2035), Ctx.New());
            await commands.SendAsync(new RegisterRegion("new-sar", "New SAR", RegionKind.SpecialAdministrativeRegion), Ctx.New());
        }

        public async Task DisposeAsync()
        {
            await Services.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task the_stream_holds_both_versions_of_the_event()
    {
        var history = await fx.Audit.HistoryAsync(Gba).ListAsync();
        history.Where(e => e.BaseEventType == "cluster_target_set").Select(e => (e.EventType, e.EventVersion))
            .ShouldBe([("cluster_target_set", 1), ("cluster_target_set", 1), ("cluster_target_set_v2", 2)]);
    }

    [Fact]
    public async Task the_state_folds_old_and_new_versions_together()
    {
        var gba = await fx.Services.GetRequiredService<HubsQueries>().GetClusterAsync("greater-bay-area");
        gba!.Targets["RdIntensity"].Value.ShouldBe(4.8m, "the version-2 event replaced the target a version-1 event set");
        gba.Targets["GlobalRank:WIPO GII S&T clusters"].Value.ShouldBe(1m, "the other version-1 target still stands");
        gba.Scope.ShouldBe(ClusterScope.Regional, "the version-1 scope expansion still folds");
    }

    [Fact]
    public async Task time_travel_before_the_new_event_shows_what_the_old_events_said()
    {
        var byVersion = await fx.Audit.StateAsync(Gba, StatePoint.AtVersion(fx.LastOld.Version));
        ((Cluster)byVersion!.State).Targets["RdIntensity"].Value.ShouldBe(4.5m);
        var byInstant = await fx.Audit.StateAsync(Gba, StatePoint.AtInstant(fx.LastOld.RecordedAt));
        byInstant!.Version.ShouldBe(fx.LastOld.Version, "nothing newer was recorded by then");
        ((Cluster)byInstant.State).Targets["RdIntensity"].Value.ShouldBe(4.5m);
    }

    [Fact]
    public async Task verify_is_intact_over_old_and_new_text()
    {
        var report = await fx.Audit.VerifyAsync();
        report.Breaks.ShouldBeEmpty();
        report.Digest.Streams.Single(s => s.StreamKey == Gba).Version.ShouldBe(fx.LastOld.Version + 1);
    }

    [Fact]
    public async Task export_shows_each_stored_text_with_its_version_and_can_add_the_upgraded_form()
    {
        using var output = new MemoryStream();
        await fx.Audit.ExportAsync(output, ExportFormat.JsonLines, new ExportOptions { StreamKey = Gba, IncludeUpgraded = true });
        var targets = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString()!.StartsWith("cluster_target_set", StringComparison.Ordinal)
                        && e.GetProperty("payload").GetString()!.Contains("\"ranking\": null", StringComparison.Ordinal))
            .ToList();
        targets.Count.ShouldBe(2, "the R&D intensity target set by 0.1.0 and the one set now");
        var (old, current) = (targets[0], targets[1]);

        old.GetProperty("eventVersion").GetInt32().ShouldBe(1);
        old.GetProperty("payload").GetString()!.ShouldContain("\"metric\": \"RdIntensity\"", Case.Sensitive, "the stored text, as hashed");
        current.GetProperty("eventVersion").GetInt32().ShouldBe(2);
        current.GetProperty("payload").GetString()!.ShouldContain("\"metric\": \"rd-intensity\"", Case.Sensitive);
        foreach (var e in targets)
            JsonDocument.Parse(e.GetProperty("upgraded").GetString()!).RootElement.GetProperty("metric").GetString()
                .ShouldBe("rd-intensity", "both read as today's event");
    }

    [Fact]
    public async Task new_events_store_enums_in_the_documented_form_in_jsonb()
    {
        (await fx.Database.ScalarAsync<string>(
                $"select data->>'metric' from mt_events where stream_id = '{Gba}' and version = {fx.LastOld.Version + 1}"))
            .ShouldBe("rd-intensity");
        (await fx.Database.ScalarAsync<string>("select type || ' ' || (data->>'kind') from mt_events where stream_id = 'region:new-sar'"))
            .ShouldBe("region_registered_v2 special-administrative-region");
    }
}
