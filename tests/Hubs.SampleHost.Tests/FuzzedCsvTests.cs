using System.Text;

namespace Hubs.SampleHost.Tests;

/// <summary>Malformed CSV files for <c>import rd</c>: rejected with located errors (exit 1), nothing written, never a crash.</summary>
public sealed class FuzzedCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-fuzz-").FullName;
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source";

    public static TheoryData<string> Files() => ["truncated", "extra-columns", "stray-quote", "binary", "nul-in-field", "bom-crlf-bad-year"];

    [Theory]
    [MemberData(nameof(Files))]
    public async Task a_malformed_file_is_rejected_with_located_errors_and_writes_nothing(string kind)
    {
        var db = await TestDatabase.CreateAsync(nameof(a_malformed_file_is_rejected_with_located_errors_and_writes_nothing) + kind);
        var path = Path.Combine(_dir, kind + ".csv");
        byte[] bytes = kind switch
        {
            "truncated" => Utf8($"{Header}\nbeijing,2022,6.8,,,2023-09-18,NBS\nbeijing,20"),
            "extra-columns" => Utf8($"{Header}\nbeijing,2022,6.8,,,2023-09-18,NBS,extra,more\n"),
            "stray-quote" => Utf8($"{Header}\nbei\"jing,2022,6.8,,,2023-09-18,\"NBS\n"),
            "binary" => [.. Utf8(Header + "\n"), .. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 256))],
            "nul-in-field" => Utf8($"{Header}\nbeijing,2022,6.8,,,2023-09-18,N\0BS\n"),
            _ => [0xEF, 0xBB, 0xBF, .. Utf8($"{Header}\r\nbeijing,20x2,6.8,,,2023-09-18,NBS\r\n")],
        };
        await File.WriteAllBytesAsync(path, bytes);

        var (code, _, err) = await HostProcess.RunAsync(db.Args("import", "rd", path, "--register-missing"));

        code.ShouldBe(1, err);
        err.ShouldContain($"{kind}.csv:", Case.Sensitive, "each error names the file and line");
        (await db.EventCountAsync()).ShouldBe(0, "a rejected file writes nothing");
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
