using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests.Enterprises;

public sealed class EnterpriseRulesTests
{
    private static readonly EnterpriseRegistered JoyGovAi = new("joygovai", "JoyGovAI", "Chengdu", "sichuan");
    private static readonly DateOnly Jan = new(2025, 1, 10);
    private static readonly BranchOpened BeijingOpen = new("joygovai", "beijing", "Beijing", Jan);

    [Fact]
    public void registering_an_enterprise_records_its_headquarters() =>
        HubsSpec.Given().When(new RegisterEnterprise("joygovai", "JoyGovAI", "Chengdu", "sichuan")).Then(JoyGovAi);

    [Fact]
    public void registering_an_enterprise_twice_is_rejected() =>
        HubsSpec.Given(JoyGovAi).When(new RegisterEnterprise("joygovai", "JoyGovAI", "Chengdu", "sichuan")).ThenRejected("enterprise-already-registered");

    [Fact]
    public void an_unregistered_enterprise_cannot_open_a_branch() =>
        HubsSpec.Given().When(new OpenBranch("joygovai", "beijing", "Beijing", Jan)).ThenRejected("enterprise-not-registered");

    [Fact]
    public void a_branch_opens_in_a_new_city() =>
        HubsSpec.Given(JoyGovAi).When(new OpenBranch("joygovai", "beijing", "Beijing", Jan)).Then(BeijingOpen);

    [Fact]
    public void an_enterprise_cannot_open_two_branches_in_the_same_city() =>
        HubsSpec.Given(JoyGovAi, BeijingOpen).When(new OpenBranch("joygovai", "beijing", " beijing ", Jan)).ThenRejected("branch-already-open");

    [Fact]
    public void a_planned_office_is_recorded_and_can_then_open() =>
        HubsSpec.Given(JoyGovAi, new BranchPlanned("joygovai", "guangdong", "Shenzhen", Jan))
            .When(new OpenBranch("joygovai", "guangdong", "Shenzhen", new DateOnly(2026, 6, 1)))
            .Then(new BranchOpened("joygovai", "guangdong", "Shenzhen", new DateOnly(2026, 6, 1)));

    [Fact]
    public void planning_a_branch_where_one_is_open_is_rejected() =>
        HubsSpec.Given(JoyGovAi, BeijingOpen).When(new PlanBranch("joygovai", "beijing", "Beijing", Jan)).ThenRejected("branch-already-exists");

    [Fact]
    public void a_planned_branch_opens_only_in_its_region() =>
        HubsSpec.Given(JoyGovAi, new BranchPlanned("joygovai", "guangdong", "Shenzhen", Jan))
            .When(new OpenBranch("joygovai", "hong-kong", "Shenzhen", Jan))
            .ThenRejected("branch-region-mismatch");

    [Fact]
    public void closing_a_branch_records_it_and_a_closed_city_can_reopen()
    {
        HubsSpec.Given(JoyGovAi, BeijingOpen).When(new CloseBranch("joygovai", "Beijing", new DateOnly(2025, 6, 1)))
            .Then(new BranchClosed("joygovai", "beijing", "Beijing", new DateOnly(2025, 6, 1)));
        HubsSpec.Given(JoyGovAi, BeijingOpen, new BranchClosed("joygovai", "beijing", "Beijing", new DateOnly(2025, 6, 1)))
            .When(new OpenBranch("joygovai", "beijing", "Beijing", new DateOnly(2025, 7, 1)))
            .Then(new BranchOpened("joygovai", "beijing", "Beijing", new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void closing_a_branch_that_does_not_exist_is_rejected() =>
        HubsSpec.Given(JoyGovAi).When(new CloseBranch("joygovai", "Beijing", Jan)).ThenRejected("branch-not-found");

    [Fact]
    public void a_branch_cannot_close_before_it_opened() =>
        HubsSpec.Given(JoyGovAi, BeijingOpen).When(new CloseBranch("joygovai", "Beijing", new DateOnly(2024, 1, 1))).ThenRejected("date-before-previous");

    [Fact]
    public void a_technology_transfer_is_recorded() =>
        HubsSpec.Given(JoyGovAi)
            .When(new TransferTechnology("joygovai", "Government-service LLM", "Chengdu lab", "Shanghai municipal services", "shanghai", Jan))
            .Then(new TechnologyTransferred("joygovai", "Government-service LLM", "Chengdu lab", "Shanghai municipal services", "shanghai", Jan));

    [Fact]
    public void a_technology_transfer_needs_a_technology_name() =>
        HubsSpec.Given(JoyGovAi)
            .When(new TransferTechnology("joygovai", "", "lab", "partner", "shanghai", Jan))
            .ThenRejected("required");
}
