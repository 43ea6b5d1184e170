using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests;

/// <summary>The test kit itself must fail when expectations are not met, or every spec above proves nothing.</summary>
public sealed class HubsSpecTests
{
    [Fact]
    public void then_fails_when_the_events_differ() =>
        Should.Throw<HubsSpecException>(() =>
            HubsSpec.Given().When(new RegisterRegion("a", "A", RegionKind.Province)).Then(new RegionRegistered("a", "B", RegionKind.Province)));

    [Fact]
    public void then_rejected_fails_when_the_command_is_accepted() =>
        Should.Throw<HubsSpecException>(() =>
            HubsSpec.Given().When(new RegisterRegion("a", "A", RegionKind.Province)).ThenRejected("region-already-registered"));

    [Fact]
    public void then_rejected_fails_on_a_different_code() =>
        Should.Throw<HubsSpecException>(() =>
            HubsSpec.Given(new RegionRegistered("a", "A", RegionKind.Province))
                .When(new RegisterRegion("a", "A", RegionKind.Province)).ThenRejected("year-not-reported"));

    [Fact]
    public void then_reports_an_unexpected_rejection_as_a_spec_failure_naming_its_code()
    {
        var ex = Should.Throw<HubsSpecException>(() =>
            HubsSpec.Given(new RegionRegistered("a", "A", RegionKind.Province))
                .When(new RegisterRegion("a", "B", RegionKind.Province)).Then(new RegionRegistered("a", "B", RegionKind.Province)));
        ex.Message.ShouldContain("[region-already-registered]");
        ex.InnerException.ShouldBeOfType<CommandRejectedException>();
    }

    [Fact]
    public void then_nothing_reports_an_unexpected_rejection_as_a_spec_failure() =>
        Should.Throw<HubsSpecException>(() => HubsSpec.Given().When(new SetRegionTarget("nowhere", 3m, 2035)).ThenNothing())
            .Message.ShouldContain("region-not-registered");

    [Fact]
    public void a_failure_prints_enums_by_name() =>
        Should.Throw<HubsSpecException>(() =>
                HubsSpec.Given().When(new RegisterRegion("a", "A", RegionKind.SpecialAdministrativeRegion)).Then())
            .Message.ShouldContain("\"Kind\":\"special-administrative-region\"");

    private sealed record Notes;
    private sealed record NoteTaken(string Id);
    private sealed record NeverDeclared(string Id);
    private sealed record TakeNote(string Id) : IHubsCommand;

    /// <summary>A module whose decision returns an event type it never declared: a send throws for it, so a spec must fail.</summary>
    private static readonly HubsModule<Notes> Undeclaring = new HubsModule<Notes>("spec-undeclared", (s, _) => s)
        .Event<NoteTaken>("spec_note_taken", e => "spec-undeclared:" + e.Id)
        .Command<TakeNote>(c => "spec-undeclared:" + c.Id, (c, _) => [new NeverDeclared(c.Id)]);

    [Fact]
    public void then_fails_when_the_decision_returns_an_event_its_module_never_declared()
    {
        HubsSpec.Use(Undeclaring);

        var ex = Should.Throw<HubsSpecException>(() => HubsSpec.Given().When(new TakeNote("n")).Then(new NeverDeclared("n")));

        ex.Message.ShouldContain("NeverDeclared is not an event of any registered module", customMessage: "the spec says what a send would say");
        ex.InnerException.ShouldBeOfType<ArgumentException>();
    }

    [Fact]
    public void then_rejected_fails_too_when_the_decision_returns_an_undeclared_event()
    {
        HubsSpec.Use(Undeclaring);

        Should.Throw<HubsSpecException>(() => HubsSpec.Given().When(new TakeNote("n")).ThenRejected("anything"))
            .Message.ShouldContain("NeverDeclared is not an event of any registered module", customMessage: "not merely an accepted command");
    }

    private static readonly object[] ClusterAndRegion =
    [
        new ClusterEstablished("gba", "GBA", "Shenzhen", ClusterScope.SingleCity, new DateOnly(2019, 2, 18)),
        new RegionRegistered("guangdong", "Guangdong", RegionKind.Province),
    ];

    [Fact]
    public void then_state_gives_each_streams_state_after_the_decision_chosen_by_type_or_by_stream()
    {
        var spec = HubsSpec.Given(ClusterAndRegion).When(new JoinCluster("gba", "guangdong", new DateOnly(2019, 2, 18)));

        spec.ThenState<Cluster>().Members.ShouldBe(["guangdong"]);
        spec.ThenState<Region>("region:guangdong").ClusterId.ShouldBe("gba");
    }

    [Fact]
    public void then_state_fails_on_a_rejection_and_on_a_stream_the_command_does_not_decide_on()
    {
        Should.Throw<HubsSpecException>(() => HubsSpec.Given().When(new JoinCluster("gba", "guangdong", new DateOnly(2019, 2, 18))).ThenState<Cluster>())
            .Message.ShouldContain("rejected");
        Should.Throw<HubsSpecException>(() => HubsSpec.Given(ClusterAndRegion)
                .When(new JoinCluster("gba", "guangdong", new DateOnly(2019, 2, 18))).ThenState<Region>("region:beijing"))
            .Message.ShouldContain("does not decide on 'region:beijing'");
    }
}
