using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using Hubs.EventSourcing.Publications;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Tests.Regions;

/// <summary>
/// <see cref="RdFigure"/> is stored compactly (packed small fields, correction kept apart): every field must still read back
/// what was given, through the constructor, a <c>with</c> and the JSON a checkpoint stores.
/// </summary>
public sealed class RdFigureTests
{
    // As the store serializes states (HubsStoreConfiguration: System.Text.Json, enums as strings, camel case).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly Gen<RdFigure> Figures =
        Gen.Select(Gen.Decimal, Gen.Decimal.Nullable(), Gen.String.Null(), Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber],
                Gen.Int[0, 4_194_303], Gen.Enum<PublicationQuality>(), Gen.Bool, Gen.String.Null())
            .Select(Gen.Decimal.Nullable(), (t, from) => new RdFigure(t.Item1, t.Item2, t.Item3, DateOnly.FromDayNumber(t.Item4), t.Item5, t.Item6, t.Item7, t.Item8, from));

    [Fact]
    public void every_field_reads_back_what_was_given() =>
        Gen.Select(Gen.Decimal, Gen.Decimal.Nullable(), Gen.String.Null(), Gen.Int[0, 3_652_058], Gen.Int[0, 4_194_303],
                Gen.Enum<PublicationQuality>(), Gen.Bool, Gen.String.Null())
            .Select(Gen.Decimal.Nullable())
            .Sample((t, from) =>
            {
                var f = new RdFigure(t.Item1, t.Item2, t.Item3, DateOnly.FromDayNumber(t.Item4), t.Item5, t.Item6, t.Item7, t.Item8, from);
                f.IntensityPct.ShouldBe(t.Item1);
                f.Expenditure.ShouldBe(t.Item2);
                f.ExpenditureUnit.ShouldBe(t.Item3);
                f.PublishedOn.DayNumber.ShouldBe(t.Item4);
                f.Revisions.ShouldBe(t.Item5);
                f.Quality.ShouldBe(t.Item6);
                f.Undated.ShouldBe(t.Item7);
                f.Correction.ShouldBe(t.Item8);
                f.CorrectedFrom.ShouldBe(from);
            }, iter: 2_000);

    [Fact]
    public void a_with_changes_only_the_fields_it_names() =>
        Figures.Select(Gen.Int[0, 4_194_303], Gen.Decimal.Nullable(), Gen.Bool).Sample((f, revisions, expenditure, undated) =>
        {
            var g = f with { Revisions = revisions, Expenditure = expenditure, Undated = undated, Correction = null };
            g.ShouldBe(new RdFigure(f.IntensityPct, expenditure, f.ExpenditureUnit, f.PublishedOn, revisions, f.Quality, undated, null, f.CorrectedFrom));
            (f with { }).ShouldBe(f);
        }, iter: 2_000);

    [Fact]
    public void the_json_a_checkpoint_stores_reads_back_the_same_figure() =>
        Figures.Sample(f => JsonSerializer.Deserialize<RdFigure>(JsonSerializer.Serialize(f, Json), Json).ShouldBe(f), iter: 2_000);

    [Fact]
    public void the_json_names_the_fields_as_before_the_compact_layout()
    {
        var json = JsonSerializer.Serialize(new RdFigure(6.58m, 2500m, "CNY 100m", new DateOnly(2025, 9, 29), 1, PublicationQuality.Preliminary,
            false, "keyed 6.85", 6.85m), Json);
        json.ShouldBe("{\"intensityPct\":6.58,\"expenditure\":2500,\"expenditureUnit\":\"CNY 100m\",\"publishedOn\":\"2025-09-29\"," +
                      "\"revisions\":1,\"quality\":\"Preliminary\",\"undated\":false,\"correction\":\"keyed 6.85\",\"correctedFrom\":6.85}");
    }

    [Fact]
    public void a_figure_without_a_correction_equals_one_whose_correction_was_removed() =>
        (new RdFigure(1m, null, null, default, 0, Correction: "typo") with { Correction = null }).ShouldBe(new RdFigure(1m, null, null, default, 0));

    [Fact]
    public void a_revision_count_past_the_packed_range_is_refused_naming_it() =>
        Should.Throw<ArgumentOutOfRangeException>(() => new RdFigure(1m, null, null, default, 4_194_304)).ParamName.ShouldBe("revisions");

    [Fact]
    public void figures_of_equal_unit_texts_share_one_string()
    {
        var a = new RdFigure(1m, 2m, new string("CNY 100m".AsSpan()), default, 0);
        var b = new RdFigure(1m, 2m, new string("CNY 100m".AsSpan()), default, 0) with { ExpenditureUnit = new string("CNY 100m".AsSpan()) };
        ReferenceEquals(a.ExpenditureUnit, b.ExpenditureUnit).ShouldBeTrue("a million figures must not hold a million copies of their unit");
        b.ExpenditureUnit.ShouldBe("CNY 100m");
    }

    [Theory]
    [InlineData("79228162514264337593543950335")] // decimal.MaxValue: wider than 63 bits, kept whole
    [InlineData("-9223372036854775808")]          // one past the widest negative mantissa
    [InlineData("9223372036854775807")]           // the widest that fits
    [InlineData("0.0000000000000000000000000001")] // scale 28
    [InlineData("-0.0")]                           // a negative zero keeps its sign
    [InlineData("6.580")]                          // trailing zeros kept
    public void a_number_of_any_width_and_scale_reads_back_exactly(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var f = new RdFigure(value, value, "CNY 100m", new DateOnly(2025, 9, 29), 2);
        decimal.GetBits(f.IntensityPct).ShouldBe(decimal.GetBits(value), "the same value with the same scale and sign");
        decimal.GetBits(f.Expenditure!.Value).ShouldBe(decimal.GetBits(value));
        decimal.GetBits((f with { IntensityPct = 1.5m }).Expenditure!.Value).ShouldBe(decimal.GetBits(value));
    }

    [Fact]
    public void figures_equal_in_value_are_equal_whatever_their_scale() =>
        new RdFigure(6.58m, 100m, null, default, 0).ShouldBe(new RdFigure(6.580m, 100.00m, null, default, 0));
}
