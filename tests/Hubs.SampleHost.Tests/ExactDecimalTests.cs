using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Tests;

/// <summary>Decimals are read exactly or refused: a value decimal would round must not be judged, and stored, rounded.</summary>
public sealed class ExactDecimalTests
{
    [Theory]
    [InlineData("3.5", "3.5")]
    [InlineData("+1.5", "1.5")]
    [InlineData(".5", "0.5")]
    [InlineData("5.", "5")]
    [InlineData("-0.000", "0")]
    [InlineData("4.35000000000000000000000000000000", "4.35")]
    [InlineData("0004.10", "4.1")]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("1.23456789012345678901234567890", "1.2345678901234567890123456789")]
    public void a_decimal_held_exactly_is_read(string text, string expected)
    {
        Parse.TryExactDecimal(text, out var value, out var inexact).ShouldBeTrue();
        value.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        inexact.ShouldBeNull();
    }

    [Theory]
    [InlineData("100.0000000000000000000000000001", "100.00000000000000000000000000")]
    [InlineData("99.999999999999999999999999999", "100.00000000000000000000000000")]
    [InlineData("1.23456789012345678901234567891", null)]
    [InlineData("4.35000000000000000000000000001", null)]
    [InlineData("0.000000000000000000000000000001", null)]
    public void a_decimal_that_would_be_rounded_is_refused_saying_what_it_would_become(string text, string? becomes)
    {
        Parse.TryExactDecimal(text, out _, out var inexact).ShouldBeFalse();
        inexact.ShouldNotBeNull("a refusal for rounding says what the value would have become");
        if (becomes is not null) inexact.ShouldBe(becomes);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1e0")]
    [InlineData("1,5")]
    [InlineData("")]
    public void a_text_that_is_no_number_is_refused_as_such(string text)
    {
        Parse.TryExactDecimal(text, out _, out var inexact).ShouldBeFalse();
        inexact.ShouldBeNull("not a number, rather than a number too long");
    }

    [Fact]
    public async Task a_csv_intensity_beyond_decimal_precision_is_rejected_at_its_line_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_csv_intensity_beyond_decimal_precision_is_rejected_at_its_line_and_nothing_is_written));
        var dir = Directory.CreateTempSubdirectory("hubs-exact-").FullName;
        try
        {
            var file = Path.Combine(dir, "digits.csv");
            File.WriteAllLines(file, ["region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
                "ra,2020,100.0000000000000000000000000001,,,2021-01-01,s"]);

            var imported = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing"));

            imported.Code.ShouldBe(1, imported.Out + imported.Err);
            imported.Err.ShouldContain("digits.csv:2: rd_intensity_pct='100.0000000000000000000000000001'");
            imported.Err.ShouldContain("[too-many-digits]");
            (await db.EventCountAsync()).ShouldBe(0, "a rejected file writes nothing");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task a_target_value_beyond_decimal_precision_is_a_usage_error()
    {
        var result = await HostProcess.RunAsync("target", "set", "--cluster", "x", "--value", "100.0000000000000000000000000001",
            "--connection", "Host=127.0.0.1;Port=1");

        result.Code.ShouldBe(2, result.Out + result.Err);
        result.Err.ShouldContain("28 significant digits");
    }
}
