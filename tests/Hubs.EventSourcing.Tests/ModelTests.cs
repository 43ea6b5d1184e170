using System.Reflection;
using Hubs.EventSourcing.Clusters;

namespace Hubs.EventSourcing.Tests;

// The library's modules declare each event once, with its stored name, its stream and its fold step: these tests fail when
// an event the state knows how to fold is not declared, or is declared without its step.
public sealed class ModelTests
{
    public static TheoryData<string> BuiltInPrefixes() => [.. HubsModel.BuiltIn.Select(m => m.Prefix)];

    [Theory]
    [MemberData(nameof(BuiltInPrefixes))]
    public void every_declared_event_has_a_fold_step(string prefix)
    {
        var module = HubsModel.BuiltIn.Single(m => m.Prefix == prefix);
        foreach (var e in module.Events)
            module.Folds(e.Type).ShouldBeTrue($"{prefix}: {e.Type.Name} ({e.StoredName}) is declared without a fold step");
    }

    [Theory]
    [MemberData(nameof(BuiltInPrefixes))]
    public void every_event_the_state_folds_is_declared_in_its_module(string prefix)
    {
        var module = HubsModel.BuiltIn.Single(m => m.Prefix == prefix);
        var declared = module.Events.Select(e => e.Type).ToHashSet();
        // The state's Create/Apply overloads name every event it can fold; each must be declared, with its step.
        var folded = module.StateType.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
            .Where(m => m.Name is "Create" or "Apply" && m.GetParameters().Length == 1)
            .Select(m => m.GetParameters()[0].ParameterType).ToList();
        folded.ShouldNotBeEmpty();
        foreach (var type in folded)
        {
            declared.ShouldContain(type, $"{prefix}: {module.StateType.Name} folds {type.Name}, but its module does not declare it");
            module.Folds(type).ShouldBeTrue($"{prefix}: {type.Name} has no fold step");
        }
    }

    [Fact]
    public void a_declared_fold_step_is_what_folding_runs()
    {
        var state = ClusterModule.Module.Fold([
            new ClusterEstablished("gba", "Greater Bay Area", "Shenzhen", ClusterScope.SingleCity, new DateOnly(2019, 2, 18)),
            new RegionJoinedCluster("gba", "shenzhen", new DateOnly(2019, 3, 1)),
        ]) as Cluster;
        state.ShouldNotBeNull().Members.ShouldBe(["shenzhen"]);
    }

    [Fact]
    public void an_event_before_the_stream_started_is_refused_naming_the_first_event()
    {
        var ex = Should.Throw<InvalidOperationException>(() =>
            ClusterModule.Module.Fold([new RegionJoinedCluster("gba", "shenzhen", new DateOnly(2019, 3, 1))]));
        ex.Message.ShouldContain("cluster_established_v2");
    }

    [Fact]
    public void a_module_folded_event_by_event_refuses_an_event_without_its_step()
    {
        var module = new HubsModule<Cluster>("model-test");
        var ex = Should.Throw<InvalidOperationException>(() => module.Event<RegionJoinedCluster>("model_test_joined", e => module.Key(e.ClusterId)));
        ex.Message.ShouldContain(nameof(RegionJoinedCluster));
    }

    [Fact]
    public void every_stream_prefix_is_written_once_in_its_module()
    {
        Keys.Cluster("x").ShouldBe(ClusterModule.Module.Key("x"));
        Keys.Region("x").ShouldBe(EventSourcing.Regions.RegionModule.Module.Key("x"));
        Keys.Enterprise("x").ShouldBe(EventSourcing.Enterprises.EnterpriseModule.Module.Key("x"));
        Keys.ExchangeRate("HKD").ShouldBe(ExchangeRates.ExchangeRateModule.Module.Key("hkd-cny"));
    }
}
