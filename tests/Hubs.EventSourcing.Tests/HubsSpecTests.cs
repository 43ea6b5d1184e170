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
                .When(new RegisterRegion("a", "A", RegionKind.Province)).Then(new RegionRegistered("a", "A", RegionKind.Province)));
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
}
