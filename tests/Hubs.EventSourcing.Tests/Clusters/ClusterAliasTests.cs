using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Clusters;

public sealed class ClusterAliasTests
{
    private static readonly ClusterEstablished Yrd = new("yangtze-river-delta", "Shanghai S&T Innovation Center", "Shanghai", ClusterScope.SingleCity, new(2016, 9, 1));
    private static readonly ClusterAliasAdded ShanghaiSuzhou = new("yangtze-river-delta", "Shanghai–Suzhou");

    [Fact]
    public void a_hub_takes_several_ranked_names() =>
        HubsSpec.Given(Yrd, ShanghaiSuzhou)
            .When(new AliasCluster("yangtze-river-delta", " Hangzhou "))
            .Then(new ClusterAliasAdded("yangtze-river-delta", "Hangzhou"));

    [Fact]
    public void a_name_already_recorded_however_typed_changes_nothing() =>
        HubsSpec.Given(Yrd, ShanghaiSuzhou)
            .When(new AliasCluster("yangtze-river-delta", "shanghai-suzhou"))
            .ThenNothing();

    [Fact]
    public void an_alias_needs_an_established_hub() =>
        HubsSpec.Given()
            .When(new AliasCluster("yangtze-river-delta", "Hangzhou"))
            .ThenRejected("cluster-not-established");

    [Fact]
    public void unaliasing_removes_the_name_as_recorded_with_the_reason() =>
        HubsSpec.Given(Yrd, ShanghaiSuzhou)
            .When(new UnaliasCluster("yangtze-river-delta", "Shanghai-Suzhou", "WIPO redrew the cluster"))
            .Then(new ClusterAliasRemoved("yangtze-river-delta", "Shanghai–Suzhou", "WIPO redrew the cluster"));

    [Fact]
    public void unaliasing_a_name_the_hub_lacks_is_refused_naming_its_names() =>
        HubsSpec.Given(Yrd, ShanghaiSuzhou)
            .When(new UnaliasCluster("yangtze-river-delta", "Nanjing", "mistake"))
            .ThenRejected("alias-not-recorded").Message.ShouldContain("Shanghai–Suzhou");
}
