using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Enterprises;

public sealed class EnterpriseRulesTests
{
    private static readonly EnterpriseRegistered JoyGovAi = new("joygovai", "JoyGovAI", "Chengdu", "sichuan");
    private static readonly RegionRegistered Sichuan = new("sichuan", "Sichuan", RegionKind.Province);
    private static readonly RegionRegistered[] Regions =
    [
        Sichuan, new("beijing", "Beijing", RegionKind.Municipality), new("shanghai", "Shanghai", RegionKind.Municipality),
        new("guangdong", "Guangdong", RegionKind.Province), new("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion),
        new("china", "China", RegionKind.Country),
    ];

    /// <summary>The regions the enterprise's commands name are registered, then <paramref name="events"/>.</summary>
    private static HubsSpec Given(params object[] events) => HubsSpec.Given([.. Regions, .. events]);
    private static readonly DateOnly Jan = new(2025, 1, 10);
    private static readonly BranchOpened BeijingOpen = new("joygovai", "beijing", "Beijing", Jan);

    [Fact]
    public void registering_an_enterprise_records_its_headquarters() =>
        Given().When(new RegisterEnterprise("joygovai", "JoyGovAI", "Chengdu", "sichuan")).Then(JoyGovAi);

    [Fact]
    public void registering_an_enterprise_twice_is_rejected() =>
        Given(JoyGovAi).When(new RegisterEnterprise("joygovai", "JoyGovAI", "Chengdu", "sichuan")).ThenRejected("enterprise-already-registered");

    [Fact]
    public void an_unregistered_enterprise_cannot_open_a_branch() =>
        Given().When(new OpenBranch("joygovai", "beijing", "Beijing", Jan)).ThenRejected("enterprise-not-registered");

    [Fact]
    public void a_branch_opens_in_a_new_city() =>
        Given(JoyGovAi).When(new OpenBranch("joygovai", "beijing", "Beijing", Jan)).Then(BeijingOpen);

    [Fact]
    public void an_enterprise_cannot_open_two_branches_in_the_same_city() =>
        Given(JoyGovAi, BeijingOpen).When(new OpenBranch("joygovai", "beijing", " beijing ", Jan)).ThenRejected("branch-already-open");

    [Fact]
    public void a_planned_office_is_recorded_and_can_then_open() =>
        Given(JoyGovAi, new BranchPlanned("joygovai", "guangdong", "Shenzhen", Jan))
            .When(new OpenBranch("joygovai", "guangdong", "Shenzhen", new DateOnly(2026, 6, 1)))
            .Then(new BranchOpened("joygovai", "guangdong", "Shenzhen", new DateOnly(2026, 6, 1)));

    [Fact]
    public void planning_a_branch_where_one_is_open_is_rejected() =>
        Given(JoyGovAi, BeijingOpen).When(new PlanBranch("joygovai", "beijing", "Beijing", Jan)).ThenRejected("branch-already-exists");

    [Fact]
    public void a_planned_branch_opens_only_in_its_region() =>
        Given(JoyGovAi, new BranchPlanned("joygovai", "guangdong", "Shenzhen", Jan))
            .When(new OpenBranch("joygovai", "hong-kong", "Shenzhen", Jan))
            .ThenRejected("branch-region-mismatch");

    [Fact]
    public void closing_a_branch_records_it_and_a_closed_city_can_reopen()
    {
        Given(JoyGovAi, BeijingOpen).When(new CloseBranch("joygovai", "Beijing", new DateOnly(2025, 6, 1)))
            .Then(new BranchClosed("joygovai", "beijing", "Beijing", new DateOnly(2025, 6, 1)));
        Given(JoyGovAi, BeijingOpen, new BranchClosed("joygovai", "beijing", "Beijing", new DateOnly(2025, 6, 1)))
            .When(new OpenBranch("joygovai", "beijing", "Beijing", new DateOnly(2025, 7, 1)))
            .Then(new BranchOpened("joygovai", "beijing", "Beijing", new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void closing_a_branch_that_does_not_exist_is_rejected() =>
        Given(JoyGovAi).When(new CloseBranch("joygovai", "Beijing", Jan)).ThenRejected("branch-not-found");

    [Fact]
    public void a_branch_cannot_close_before_it_opened() =>
        Given(JoyGovAi, BeijingOpen).When(new CloseBranch("joygovai", "Beijing", new DateOnly(2024, 1, 1))).ThenRejected("date-before-previous");

    [Fact]
    public void a_technology_transfer_is_recorded() =>
        Given(JoyGovAi)
            .When(new TransferTechnology("joygovai", "Government-service LLM", "Chengdu lab", "Shanghai municipal services", "shanghai", Jan))
            .Then(new TechnologyTransferred("joygovai", "Government-service LLM", "Chengdu lab", "Shanghai municipal services", "shanghai", Jan));

    [Fact]
    public void a_technology_transfer_needs_a_technology_name() =>
        Given(JoyGovAi)
            .When(new TransferTechnology("joygovai", "", "lab", "partner", "shanghai", Jan))
            .ThenRejected("required");

    [Fact]
    public void a_branch_cannot_open_in_a_region_that_is_not_registered() =>
        Given(JoyGovAi).When(new OpenBranch("joygovai", "guandong", "Guangzhou", Jan)).ThenRejected("region-not-registered")
            .Violations.ShouldHaveSingleItem().Field.ShouldBe("regionId", "the rejection names the field the typo is in");

    [Fact]
    public void a_branch_cannot_be_planned_in_a_region_that_is_not_registered() =>
        Given(JoyGovAi).When(new PlanBranch("joygovai", "atlantis", "Atlantis", Jan)).ThenRejected("region-not-registered");

    [Fact]
    public void an_enterprise_cannot_be_headquartered_in_a_region_that_is_not_registered() =>
        Given().When(new RegisterEnterprise("tencent", "Tencent", "Shenzhen", "guangzhou")).ThenRejected("region-not-registered")
            .Violations.ShouldHaveSingleItem().Field.ShouldBe("headquartersRegionId", "the headquarters region is the field that is wrong");

    [Fact]
    public void a_technology_cannot_be_transferred_to_a_region_that_is_not_registered() =>
        Given(JoyGovAi).When(new TransferTechnology("joygovai", "LLM", "lab", "partner", "nowhere", Jan)).ThenRejected("region-not-registered");

    [Fact]
    public void a_national_comparator_is_not_a_place_for_a_branch() =>
        Given(JoyGovAi).When(new OpenBranch("joygovai", "china", "Beijing", Jan)).ThenRejected("comparator-is-not-a-place");

    [Fact]
    public void a_national_comparator_is_not_a_place_for_a_headquarters() =>
        Given().When(new RegisterEnterprise("tencent", "Tencent", "Shenzhen", "china")).ThenRejected("comparator-is-not-a-place");
}
