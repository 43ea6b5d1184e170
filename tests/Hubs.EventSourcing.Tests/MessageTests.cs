using System.Globalization;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests;

/// <summary>Rejections read the same in every culture and name fields as users know them from JSON.</summary>
public sealed class MessageTests
{
    private static readonly RegionRegistered Hebei = new("hebei", "Hebei", RegionKind.Province);

    private static T InCulture<T>(string name, Func<T> body)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try { return body(); }
        finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui); }
    }

    [Fact]
    public void a_rejected_decimal_reads_with_a_point_under_a_german_culture()
    {
        var ex = InCulture("de-DE", () => HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, -1.5m, null, null, new DateOnly(2025, 9, 30), "NBS")).ThenRejected("intensity-out-of-range"));

        ex.Violations[0].Explanation.ShouldBe("intensityPct is a percentage of GDP and must be greater than 0 and at most 100; got -1.5.");
        ex.Violations[0].ToString().ShouldStartWith("intensityPct=-1.5: ");
    }

    [Fact]
    public void a_rejected_date_reads_in_iso_form_under_a_german_culture()
    {
        var ex = InCulture("de-DE", () => HubsSpec.Given(Hebei)
            .When(new ReportRdIntensity("hebei", 2024, 2m, null, null, new DateOnly(1801, 2, 3), "NBS")).ThenRejected("date-out-of-range"));

        ex.Violations.Select(v => v.ToString()).ShouldAllBe(v => !v.Contains("03.02.1801") && !v.Contains("02/03/1801"));
        ex.Violations.First(v => v.Code == "date-out-of-range").ToString()
            .ShouldBe("publishedOn=1801-02-03: publishedOn must fall between 1950 and 2100; got 1801-02-03. [date-out-of-range]");
    }

    [Fact]
    public void an_explanation_that_quotes_a_long_input_is_cut_in_the_message_and_kept_whole_in_the_violation()
    {
        var explanation = "'" + new string('x', 17_000) + "' is not an indicator of the catalogue.";
        var rejected = new CommandRejectedException("unknown-indicator", "Indicator", "x", explanation);

        rejected.Message.Length.ShouldBeLessThan(1_100, "a rejection's text is bounded whatever the input");
        rejected.Message.ShouldContain(FormattableString.Invariant($"… ({explanation.Length:N0} chars)"));
        rejected.Violations[0].Explanation.ShouldBe(explanation);
    }

    [Fact]
    public void a_state_rule_names_its_field_as_in_json() =>
        HubsSpec.Given().When(new SetRegionTarget("sichuan", 3m, 2035)).ThenRejected("region-not-registered")
            .ToString().ShouldContain("regionId='sichuan'");

    [Fact]
    public void the_same_figure_with_or_without_trailing_zeros_has_one_fingerprint()
    {
        CommandFingerprint Of(decimal pct, decimal? spent) =>
            CommandFingerprint.Of([new ReportRdIntensity("hebei", 2024, pct, spent, "CNY 100m", new DateOnly(2025, 9, 30), "NBS")]);

        Of(3.6m, 4600m).ShouldBe(Of(3.60m, 4600.00m));
        Of(3.6m, 4600m).Hash.ShouldNotBe(Of(3.61m, 4600m).Hash);
        Of(3.6m, null).Hash.ShouldNotBe(Of(3.6m, 0m).Hash);
        Of(3.6m, 4600m).Description.ShouldBe("report-rd-intensity");
    }

    [Fact]
    public void a_batch_fingerprint_depends_on_every_command_and_its_position()
    {
        IHubsCommand a = new RegisterRegion("a", "A", RegionKind.Province), b = new RegisterRegion("b", "B", RegionKind.Province);

        CommandFingerprint.Of([a, b]).ShouldBe(CommandFingerprint.Of([a, b]));
        CommandFingerprint.Of([a, b]).Hash.ShouldNotBe(CommandFingerprint.Of([b, a]).Hash);
        CommandFingerprint.Of([a, b]).Hash.ShouldNotBe(CommandFingerprint.Of([a]).Hash);
        CommandFingerprint.Of([a, b]).Description.ShouldBe("batch of 2 commands");
    }
}
