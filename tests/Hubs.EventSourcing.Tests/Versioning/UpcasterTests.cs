using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;
using Marten;

namespace Hubs.EventSourcing.Tests.Versioning;

/// <summary>
/// Each upcast, fed the exact text release 0.1.0 stored (copied from tests/golden/0.1.0/store.sql), through the reader every
/// library fold uses. No database: the store is configured as the library configures it, never connected.
/// </summary>
public sealed class UpcasterTests
{
    private static readonly Lazy<(StoredEventReader Reader, ISerializer Serializer)> Configured = new(() =>
    {
        var store = DocumentStore.For(o =>
        {
            o.Connection("Host=127.0.0.1;Database=never-connected");
            HubsStoreConfiguration.Apply(o, new HubsOptions());
        });
        return (new StoredEventReader(store), store.Options.Serializer());
    });

    private static object Read(string storedName, string payload) =>
        Configured.Value.Reader.ToEventData(storedName, payload, "test v1") ?? throw new InvalidOperationException($"{storedName} was skipped as foreign");

    [Fact]
    public void cluster_established_v1_reads_its_csharp_scope_name() =>
        Read("cluster_established",
                "{\"name\": \"Beijing–Tianjin–Hebei\", \"scope\": \"SingleCity\", \"clusterId\": \"beijing-tianjin-hebei\", \"anchorCity\": \"Beijing\", \"establishedOn\": \"2016-09-11\"}")
            .ShouldBe(new ClusterEstablished("beijing-tianjin-hebei", "Beijing–Tianjin–Hebei", "Beijing", ClusterScope.SingleCity, new DateOnly(2016, 9, 11)));

    [Fact]
    public void cluster_scope_expanded_v1_reads_both_scopes() =>
        Read("cluster_scope_expanded",
                "{\"toScope\": \"Regional\", \"clusterId\": \"beijing-tianjin-hebei\", \"decidedBy\": \"Central Economic Work Conference\", \"decidedOn\": \"2025-12-11\", \"fromScope\": \"SingleCity\"}")
            .ShouldBe(new ClusterScopeExpanded("beijing-tianjin-hebei", ClusterScope.SingleCity, ClusterScope.Regional, new DateOnly(2025, 12, 11),
                "Central Economic Work Conference"));

    [Fact]
    public void cluster_target_set_v1_reads_its_csharp_metric_name() =>
        Read("cluster_target_set", "{\"metric\": \"RdIntensity\", \"target\": 4.5, \"ranking\": null, \"clusterId\": \"beijing-tianjin-hebei\", \"deadlineYear\": 2035}")
            .ShouldBe(new ClusterTargetSet("beijing-tianjin-hebei", TargetMetric.RdIntensity, null, 4.5m, 2035));

    [Fact]
    public void region_registered_v1_reads_its_csharp_kind_name() =>
        Read("region_registered", "{\"kind\": \"SpecialAdministrativeRegion\", \"name\": \"Hong Kong\", \"regionId\": \"hong-kong\"}")
            .ShouldBe(new RegionRegistered("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion));

    [Fact]
    public void region_target_set_v1_reads_its_csharp_metric_name() =>
        Read("region_target_set", "{\"metric\": \"RdIntensity\", \"target\": 7.0, \"regionId\": \"beijing\", \"deadlineYear\": 2035}")
            .ShouldBe(new RegionTargetSet("beijing", TargetMetric.RdIntensity, 7.0m, 2035));

    [Fact]
    public void version_2_reads_the_documented_kebab_case() =>
        Read("region_registered_v2", "{\"kind\": \"special-administrative-region\", \"name\": \"Macao\", \"regionId\": \"macao\"}")
            .ShouldBe(new RegionRegistered("macao", "Macao", RegionKind.SpecialAdministrativeRegion));

    [Fact]
    public void new_events_are_written_with_kebab_case_enums() =>
        Configured.Value.Serializer.ToJson(new ClusterScopeExpanded("gba", ClusterScope.SingleCity, ClusterScope.Regional, new DateOnly(2025, 12, 11), "CEWC"))
            .ShouldContain("\"fromScope\":\"single-city\"", Case.Sensitive, "the documented form, not Marten's C# names");

    [Fact]
    public void a_version_1_payload_in_another_spelling_is_refused_not_guessed()
    {
        var error = Should.Throw<FormatException>(() => Read("region_registered", "{\"kind\": \"special-administrative-region\", \"name\": \"Macao\", \"regionId\": \"macao\"}"));
        error.Message.ShouldContain("version 1 of region_registered");
    }

    [Fact]
    public void every_earlier_version_of_every_event_has_an_upcast()
    {
        var upcast = EventNames.Upcasters.Select(u => u.StoredName).ToHashSet(StringComparer.Ordinal);
        var missing = EventNames.CurrentVersions
            .SelectMany(p => Enumerable.Range(1, p.Value - 1).Select(v => v == 1 ? p.Key : $"{p.Key}_v{v}"))
            .Where(name => !upcast.Contains(name)).ToList();
        missing.ShouldBeEmpty("an older stored version stays readable for good");
        EventNames.Upcasters.ShouldAllBe(u => EventNames.ByType[u.EventType] != u.StoredName, "an upcast reads an older name, never today's");
    }

    [Theory]
    [InlineData("rd_intensity_reported_v3", "version 3 of 'rd_intensity_reported'", "up to version 1")]
    [InlineData("region_registered_v3", "version 3 of 'region_registered'", "up to version 2")]
    public void an_event_of_a_later_version_is_refused_naming_type_and_version(string storedName, string says, string knows)
    {
        var error = Should.Throw<NotSupportedException>(() => Read(storedName, "{}"));
        error.Message.ShouldContain(says);
        error.Message.ShouldContain(knows);
        error.Message.ShouldContain("upgrade the library");
    }

    [Theory]
    [InlineData("region_registered", "region_registered", 1)]
    [InlineData("region_registered_v2", "region_registered", 2)]
    [InlineData("rd_intensity_reported_v10", "rd_intensity_reported", 10)]
    [InlineData("weird_v", "weird_v", 1)]
    [InlineData("weird_v1", "weird_v1", 1)]
    public void stored_names_carry_their_version(string storedName, string baseName, int version) =>
        EventNames.Parse(storedName).ShouldBe((baseName, version));
}
