using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests.Extending;

/// <summary>An application's own rules, specified with HubsSpec exactly like the library's (no database).</summary>
public sealed class PatentRulesTests
{
    // begin-snippet: extending-spec
    public PatentRulesTests() => HubsSpec.Use(Patents.Module);

    private static readonly RegionRegistered Guangdong = new("guangdong", "Guangdong", RegionKind.Province);

    [Fact]
    public void recording_a_year_for_a_registered_region_grants_it() =>
        HubsSpec.Given(Guangdong)
            .When(new RecordPatentsGranted("guangdong", 2024, 110_000, " CNIPA "))
            .Then(new PatentsGranted("guangdong", 2024, 110_000, "CNIPA"));

    [Fact]
    public void a_region_that_was_never_registered_has_no_patent_count() =>
        HubsSpec.Given()
            .When(new RecordPatentsGranted("atlantis", 2024, 1, "CNIPA"))
            .ThenRejected("region-not-registered");

    [Fact]
    public void recording_a_recorded_year_again_with_another_count_is_refused() =>
        HubsSpec.Given(Guangdong, new PatentsGranted("guangdong", 2024, 110_000, "CNIPA"))
            .When(new RecordPatentsGranted("guangdong", 2024, 120_000, "CNIPA"))
            .ThenRejected("patents-already-recorded");
    // end-snippet

    [Fact]
    public void recording_the_same_count_again_changes_nothing() =>
        HubsSpec.Given(Guangdong, new PatentsGranted("guangdong", 2024, 110_000, "CNIPA"))
            .When(new RecordPatentsGranted("guangdong", 2024, 110_000, "CNIPA"))
            .ThenNothing();

    [Fact]
    public void a_correction_without_a_reason_is_refused() =>
        HubsSpec.Given(new PatentsGranted("guangdong", 2024, 110_000, "CNIPA"))
            .When(new CorrectPatentsGranted("guangdong", 2024, 120_000, "CNIPA", " "))
            .ThenRejected("correction-needs-reason");

    [Fact]
    public void a_correction_with_a_reason_changes_the_count() =>
        HubsSpec.Given(new PatentsGranted("guangdong", 2024, 110_000, "CNIPA"))
            .When(new CorrectPatentsGranted("guangdong", 2024, 120_000, "CNIPA", "annual report revised"))
            .Then(new PatentsGrantCorrected("guangdong", 2024, 120_000, "CNIPA", "annual report revised"));

    [Fact]
    public void the_modules_validator_runs_before_any_rule() =>
        HubsSpec.Given(Guangdong)
            .When(new RecordPatentsGranted("guangdong", 2024, -5, "CNIPA"))
            .ThenRejected("negative-count");

    [Fact]
    public void text_safety_applies_to_a_modules_commands_too() =>
        HubsSpec.Given(Guangdong)
            .When(new RecordPatentsGranted("guangdong", 2024, 5, "CNIPA\u0001"))
            .ThenRejected("invalid-character");

    [Fact]
    public void a_module_clashing_with_a_registered_one_is_refused()
    {
        var clash = new HubsModule<RegionPatents>("region", Patents.Evolve);
        Should.Throw<ArgumentException>(() => HubsSpec.Use(clash)).Message.ShouldContain("'region'");
        var sameName = new HubsModule<RegionPatents>("patent-grants-copy", Patents.Evolve).Event<SomethingElse>("patents_granted", e => e.Id);
        Should.Throw<ArgumentException>(() => HubsSpec.Use(sameName)).Message.ShouldContain("patents_granted");
    }

    [Fact]
    public void a_registered_module_can_no_longer_change() =>
        Should.Throw<InvalidOperationException>(() => Patents.Module.Event<SomethingElse>("something_else", e => e.Id));

    [Fact]
    public void a_command_of_no_module_is_refused_with_the_way_to_declare_it() =>
        Should.Throw<ArgumentException>(() => HubsSpec.Given().When(new Undeclared()).ThenNothing()).Message.ShouldContain("AddModule");

    private sealed record SomethingElse(string Id);

    private sealed record Undeclared : IHubsCommand;
}
