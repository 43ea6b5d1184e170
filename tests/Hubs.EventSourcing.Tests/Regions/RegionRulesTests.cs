using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Regions;

public sealed class RegionRulesTests
{
    private static readonly RegionRegistered Beijing = new("beijing", "Beijing", RegionKind.Municipality);
    private static readonly DateOnly Aug2020 = new(2020, 8, 27);

    private static RdIntensityReported Reported2019 =>
        new("beijing", 2019, 6.31m, 2233.6m, "CNY 100m", Aug2020, "NBS 2019 communique");

    [Fact]
    public void registering_a_new_region_records_it() =>
        HubsSpec.Given()
            .When(new RegisterRegion("beijing", " Beijing ", RegionKind.Municipality))
            .Then(new RegionRegistered("beijing", "Beijing", RegionKind.Municipality));

    [Fact]
    public void registering_a_region_again_exactly_as_it_stands_changes_nothing() =>
        HubsSpec.Given(Beijing)
            .When(new RegisterRegion("beijing", " Beijing ", RegionKind.Municipality))
            .ThenNothing();

    [Fact]
    public void registering_a_region_again_with_another_name_is_rejected() =>
        HubsSpec.Given(Beijing)
            .When(new RegisterRegion("beijing", "Peking", RegionKind.Municipality))
            .ThenRejected("region-already-registered");

    [Fact]
    public void registering_a_region_again_with_another_kind_is_rejected() =>
        HubsSpec.Given(Beijing)
            .When(new RegisterRegion("beijing", "Beijing", RegionKind.Province))
            .ThenRejected("region-already-registered").Message.ShouldContain("(municipality)", customMessage: "the message says how it stands");

    [Fact]
    public void a_first_report_of_a_year_is_recorded() =>
        HubsSpec.Given(Beijing)
            .When(new ReportRdIntensity("beijing", 2019, 6.31m, 2233.6m, "CNY 100m", Aug2020, "NBS 2019 communique"))
            .Then(Reported2019);

    [Fact]
    public void reporting_for_an_unregistered_region_is_rejected() =>
        HubsSpec.Given()
            .When(new ReportRdIntensity("beijing", 2019, 6.31m, null, null, Aug2020, "NBS"))
            .ThenRejected("region-not-registered");

    [Fact]
    public void reporting_a_year_already_reported_is_rejected_in_favour_of_a_revision()
    {
        var rejection = HubsSpec.Given(Beijing, Reported2019)
            .When(new ReportRdIntensity("beijing", 2019, 6.4m, null, null, new DateOnly(2021, 1, 1), "NBS"))
            .ThenRejected("year-already-reported");

        rejection.Field.ShouldBe("year");
        rejection.Value.ShouldBe(2019);
    }

    [Fact]
    public void a_revision_published_later_replaces_the_figure_and_remembers_the_old_one() =>
        HubsSpec.Given(Beijing, Reported2019)
            .When(new ReviseRdIntensity("beijing", 2019, 6.30m, null, null, new DateOnly(2021, 9, 22), "NBS 2020 communique", "census benchmark"))
            .Then(new RdIntensityRevised("beijing", 2019, 6.30m, null, null, new DateOnly(2021, 9, 22), "NBS 2020 communique", "census benchmark", 6.31m));

    [Fact]
    public void a_revision_published_on_or_before_the_figure_it_revises_is_rejected() =>
        HubsSpec.Given(Beijing, Reported2019)
            .When(new ReviseRdIntensity("beijing", 2019, 6.30m, null, null, Aug2020, "NBS", "typo"))
            .ThenRejected("revision-not-later");

    [Fact]
    public void revising_a_year_never_reported_is_rejected() =>
        HubsSpec.Given(Beijing)
            .When(new ReviseRdIntensity("beijing", 2019, 6.30m, null, null, Aug2020, "NBS", "typo"))
            .ThenRejected("year-not-reported");

    [Fact]
    public void a_second_revision_must_be_later_than_the_first_revision() =>
        HubsSpec.Given(Beijing, Reported2019,
                new RdIntensityRevised("beijing", 2019, 6.30m, null, null, new DateOnly(2021, 9, 22), "NBS", "census", 6.31m))
            .When(new ReviseRdIntensity("beijing", 2019, 6.29m, null, null, new DateOnly(2021, 1, 1), "NBS", "again"))
            .ThenRejected("revision-not-later");

    [Fact]
    public void setting_a_target_records_it_and_setting_the_same_one_again_changes_nothing()
    {
        HubsSpec.Given(Beijing).When(new SetRegionTarget("beijing", 7m, 2035))
            .Then(new RegionTargetSet("beijing", TargetMetric.RdIntensity, 7m, 2035));
        HubsSpec.Given(Beijing, new RegionTargetSet("beijing", TargetMetric.RdIntensity, 7m, 2035))
            .When(new SetRegionTarget("beijing", 7m, 2035))
            .ThenNothing();
    }

    [Fact]
    public void a_national_comparator_takes_no_target() =>
        HubsSpec.Given(new RegionRegistered("china", "China", RegionKind.Country))
            .When(new SetRegionTarget("china", 3.2m, 2035))
            .ThenRejected("comparator-has-no-target");

    [Fact]
    public void re_reporting_the_same_publication_changes_nothing() =>
        HubsSpec.Given(Beijing, Reported2019)
            .When(new ReportRdIntensity("beijing", 2019, 6.31m, 2233.6m, "CNY 100m", Aug2020, "NBS 2019 communique, reprint"))
            .ThenNothing();

    [Fact]
    public void re_sending_the_same_revision_changes_nothing() =>
        HubsSpec.Given(Beijing, Reported2019,
                new RdIntensityRevised("beijing", 2019, 6.30m, null, null, new DateOnly(2021, 9, 22), "NBS", "census", 6.31m))
            .When(new ReviseRdIntensity("beijing", 2019, 6.30m, null, null, new DateOnly(2021, 9, 22), "NBS", "census"))
            .ThenNothing();
}
