using System.Text.RegularExpressions;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests;

public sealed class TextRuleTests
{
    private static readonly RegionRegistered Hebei = new("hebei", "Hebei", RegionKind.Province);
    private static readonly DateOnly Published = new(2025, 9, 30);

    [Theory]
    [InlineData("Heb\0ei")]
    [InlineData("\u0001ctrl")]
    [InlineData("bell\u0007")]
    [InlineData("del\u007f")]
    [InlineData("c1\u0085")]
    [InlineData(@"lone \ud800 high")]
    [InlineData(@"lone \udc00 low")]
    [InlineData(@"ends high \ud83d")]
    public void a_name_with_nul_a_lone_surrogate_or_a_control_character_is_rejected(string escaped)
    {
        // Attribute strings cannot carry a lone surrogate (the compiler replaces it): those cases are written escaped.
        var name = Regex.Unescape(escaped);
        var rejection = HubsSpec.Given().When(new RegisterRegion("hebei", name, RegionKind.Province)).ThenRejected("invalid-character");
        rejection.Field.ShouldBe("name");
        rejection.Value.ShouldBe(name);
    }

    [Theory]
    [InlineData("北京市")]
    [InlineData("Zürich")]
    [InlineData("emoji 🚀 pair")]
    [InlineData("tab\tand\r\nnew line")]
    [InlineData("'; drop table mt_events; --")]
    [InlineData("{\"json\": [1, 2]}")]
    public void any_script_emoji_tab_line_breaks_and_injection_lookalikes_are_accepted(string name) =>
        HubsSpec.Given().When(new RegisterRegion("hebei", name, RegionKind.Province))
            .Then(new RegionRegistered("hebei", name, RegionKind.Province));

    [Fact]
    public void every_text_field_of_a_command_is_checked_not_only_the_ones_its_validator_names()
    {
        // ReviseRdIntensity's ExpenditureUnit has no text rule of its own in the validator: the one rule still applies.
        var rejection = HubsSpec.Given(Hebei, new RdIntensityReported("hebei", 2024, 2m, 1m, "CNY 100m", Published, "NBS"))
            .When(new ReviseRdIntensity("hebei", 2024, 2.1m, 1m, "CNY 100m\0", Published.AddDays(1), "NBS", "census"))
            .ThenRejected("invalid-character");
        rejection.Field.ShouldBe("expenditureUnit");
    }

    [Fact]
    public void every_offending_field_is_listed_at_once()
    {
        var rejection = HubsSpec.Given()
            .When(new RegisterEnterprise("huawei", "Hua\0wei", "Shen\u0002zhen", "guangdong"))
            .ThenRejected("invalid-character");
        rejection.Violations.Where(v => v.Code == "invalid-character").Select(v => v.Field)
            .ShouldBe(["name", "headquartersCity"], ignoreOrder: true);
    }

    [Fact]
    public void the_explanation_names_the_character_and_its_position()
    {
        var rejection = HubsSpec.Given().When(new EstablishCluster("gba", "G\u0001", "Shenzhen", Published)).ThenRejected("invalid-character");
        rejection.Violations[0].Explanation.ShouldContain("U+0001 at position 2");
    }

    [Theory]
    [InlineData("", -1)]
    [InlineData("ok", -1)]
    [InlineData("a\0", 1)]
    [InlineData(@"\ud83d\ude80", -1)]
    [InlineData(@"\ude80\ud83d", 0)]
    public void the_first_unsafe_character_is_found(string escaped, int expected) =>
        Rules.FirstUnsafeCharacter(Regex.Unescape(escaped)).ShouldBe(expected);

    [Fact]
    public void a_huge_value_is_echoed_cut_with_its_length_in_the_rejection_text()
    {
        var name = new string('x', 1_000_000);

        var rejection = HubsSpec.Given().When(new RegisterRegion("hebei", name, RegionKind.Province)).ThenRejected("too-long");

        rejection.Value.ShouldBe(name, "the violation keeps the whole value for code that needs it");
        rejection.Message.Length.ShouldBeLessThan(1_000);
        rejection.Violations[0].ToString().ShouldContain(new string('x', 80) + "… (1,000,000 chars)'");
    }

    [Fact]
    public void a_date_in_a_rejection_text_is_iso_8601()
    {
        var rejection = HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, null, null, new DateOnly(2023, 12, 31), "NBS"))
            .ThenRejected("published-before-year");

        rejection.Violations[0].Explanation.ShouldContain("2023-12-31");
        rejection.Violations[0].ToString().ShouldContain("PublishedOn=2023-12-31");
    }

    [Fact]
    public void context_texts_over_their_bounds_are_each_too_long()
    {
        var ctx = new CommandContext(new string('a', 201), new string('r', 120_000), new string('s', 2_001), Guid.NewGuid(), new string('c', 201))
        {
            CausationId = new string('z', 201),
        };

        var rejection = new CommandRejectedException(Rules.ContextLengthViolations(ctx).ToList());

        rejection.Violations.Select(v => (v.Field, v.Code)).ShouldBe(
            [("actor", "too-long"), ("reason", "too-long"), ("source", "too-long"), ("correlationId", "too-long"), ("causationId", "too-long")]);
        rejection.Violations[1].Explanation.ShouldBe("Reason must be at most 2000 characters; got 120000.");
        rejection.Message.Length.ShouldBeLessThan(1_500, "a rejection echoes each text cut");
    }

    [Fact]
    public void context_texts_at_their_bounds_pass() =>
        Rules.ContextLengthViolations(new CommandContext(new string('a', 200), new string('r', 2_000), new string('s', 2_000), Guid.NewGuid(), "c"))
            .ShouldBeEmpty();
}
