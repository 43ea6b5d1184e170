using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;
using Marten;

namespace Hubs.EventSourcing.Tests.Auditing;

public sealed class JsonbTextTests
{
    [Theory]
    [InlineData("{\"year\":2024,\"a\":1,\"regionId\":\"x\"}", "{\"a\": 1, \"year\": 2024, \"regionId\": \"x\"}")]
    [InlineData("{\"b\":1,\"a\":2}", "{\"a\": 2, \"b\": 1}")]
    [InlineData("{\"a\":1,\"a\":2}", "{\"a\": 2}")]
    [InlineData("[1,2.50,{\"z\":null}]", "[1, 2.50, {\"z\": null}]")]
    [InlineData("{\"s\":\"\\u5317\\u4eac \\/ \\\"q\\\" \\n\"}", "{\"s\": \"北京 / \\\"q\\\" \\n\"}")]
    [InlineData("{\"n\":1.5E+3}", "{\"n\": 1500}")]
    [InlineData("{\"n\":-0}", "{\"n\": 0}")]
    [InlineData("{\"n\":-0.00,\"m\":-1.50}", "{\"m\": -1.50, \"n\": 0.00}")]
    [InlineData("{\"n\":1.25e-2}", "{\"n\": 0.0125}")]
    [InlineData("{\"t\":true,\"f\":false}", "{\"f\": false, \"t\": true}")]
    [InlineData("{\"c\":\"a\\u0001b\\tc\\u003C\\u0026\\u0027\"}", "{\"c\": \"a\\u0001b\\tc<&'\"}")]
    [InlineData("{}", "{}")]
    public void output_follows_postgresql_jsonb_rules(string input, string expected)
    {
        JsonbText.Canonicalize(input).ShouldBe(expected);
        JsonbText.CanonicalizeAny(input).ShouldBe(expected, "the general path agrees");
        using var arena = new PayloadArena();
        System.Text.Encoding.UTF8.GetString(JsonbText.CanonicalizeUtf8(input, arena).Span).ShouldBe(expected, "the UTF-8 path the COPY stores agrees");
    }

    [Fact]
    public void utf8_payloads_written_one_after_another_stay_intact_across_blocks()
    {
        using var arena = new PayloadArena();
        var written = Enumerable.Range(0, 5_000).Select(i => (Expected: $"{{\"i\": {i}, \"s\": \"北京 {new string('x', i % 97)}\"}}",
            Payload: JsonbText.CanonicalizeUtf8($"{{\"s\":\"北京 {new string('x', i % 97)}\",\"i\":{i}}}", arena))).ToList();
        foreach (var (expected, payload) in written) System.Text.Encoding.UTF8.GetString(payload.Span).ShouldBe(expected);
    }

    [Theory]
    [InlineData("{\"a\":{\"b\":1}}")]
    [InlineData("{\"a\":[1]}")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"\\u0061\":1}")]
    [InlineData("{\"n\":1e3}")]
    [InlineData("[1]")]
    public void the_single_pass_leaves_what_it_does_not_handle_to_the_general_path(string input) =>
        JsonbText.FlatObject.TryCanonicalize(input).ShouldBeNull();

    public static TheoryData<object> Events()
    {
        const string tricky = "北京 “quotes” \"q\" back\\slash <tag> & 'x' +1 \u0001 tab\t";
        var d = new DateOnly(2025, 9, 30);
        return new TheoryData<object>
        {
            new ClusterEstablished("gba", tricky, "Shenzhen", ClusterScope.SingleCity, d),
            new ClusterScopeExpanded("gba", ClusterScope.SingleCity, ClusterScope.Regional, d, tricky),
            new RegionJoinedCluster("gba", "guangdong", d),
            new RegionLeftCluster("gba", "macao", d),
            new ClusterTargetSet("gba", TargetMetric.GlobalRank, null, 1m, 2035),
            new GlobalRankRecorded("gba", "WIPO GII S&T clusters", 2025, 1, "Shenzhen–Hong Kong–Guangzhou", d, tricky),
            new EnterpriseRegistered("joygovai", "JoyGovAI", "成都", "sichuan"),
            new BranchPlanned("joygovai", "guangdong", "Shenzhen", d),
            new BranchOpened("joygovai", "beijing", "Beijing", d),
            new BranchClosed("joygovai", "beijing", "Beijing", d),
            new TechnologyTransferred("joygovai", tricky, "lab", "partner", "shanghai", d),
            new RegionRegistered("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion),
            new RdIntensityReported("beijing", 2024, 6.58m, 2947.10m, "CNY 100m", d, tricky),
            new RdIntensityRevised("beijing", 2023, 6.730m, null, null, d, "NBS", tricky, 6.73m),
            new RegionTargetSet("beijing", TargetMetric.RdIntensity, -0.0m, 2035),
            new RegionAssignedToCluster("beijing", "bth", d),
            new RegionReleasedFromCluster("beijing", "bth", d),
        };
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void every_event_as_the_store_serializes_it_takes_the_single_pass_and_matches_the_general_path(object @event)
    {
        var options = new StoreOptions();
        HubsStoreConfiguration.Apply(options, new HubsOptions());
        var json = options.Serializer().ToJson(@event);

        var fast = JsonbText.FlatObject.TryCanonicalize(json);

        fast.ShouldNotBeNull();
        fast.ShouldBe(JsonbText.CanonicalizeAny(json));
    }
}
