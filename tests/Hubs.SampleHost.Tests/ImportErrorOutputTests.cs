namespace Hubs.SampleHost.Tests;

/// <summary>Error lines stay readable whatever the input, and show what the user typed.</summary>
public sealed class ImportErrorOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-import-errors-").FullName;
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source";

    [Fact]
    public async Task a_huge_value_is_echoed_cut_with_its_length_not_whole()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_huge_value_is_echoed_cut_with_its_length_not_whole));
        var huge = new string('x', 1_000_000);
        var file = Csv("huge.csv", Header, $"beijing,2022,2.1,,,2023-09-18,{huge}", $"beijing,2021,2.0,,,2022-09-18,{huge}");

        var (code, output, err) = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing"));

        code.ShouldBe(1, err.Length > 4000 ? err[..4000] : err);
        err.ShouldContain("huge.csv:2: source='" + new string('x', 80) + "… (1,000,000 chars)'");
        (output.Length + err.Length).ShouldBeLessThan(8_000, "two rejected rows must not print megabytes");
        (await db.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task error_lines_show_the_value_as_typed_in_the_file_not_as_parsed()
    {
        var db = await TestDatabase.CreateAsync(nameof(error_lines_show_the_value_as_typed_in_the_file_not_as_parsed));
        var file = Csv("typed.csv", Header, "北京市,2022,2.1,,,2023-09-18,NBS", "beijing,2022,2.0,,,2021-01-01,NBS");

        var (code, _, err) = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing"));

        code.ShouldBe(1, err);
        err.ShouldContain("typed.csv:2: region='北京市'");
        err.ShouldContain("typed.csv:3: published_on='2021-01-01'");
        err.ShouldNotContain("01/01/2021");
    }

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
