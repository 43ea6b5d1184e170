using System.Text;
using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// Input that tries to slip through or to abuse the operator's terminal: bytes that are not UTF-8, a column named twice,
/// escape sequences, a header of 100,000 columns, a password typed into the wrong option with --json.
/// </summary>
public sealed class HostileInputTests
{
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source";

    private static async Task<string> FileAsync(string name, byte[] content)
    {
        var dir = Directory.CreateTempSubdirectory("hubs-hostile-").FullName;
        var path = Path.Combine(dir, name);
        await File.WriteAllBytesAsync(path, content);
        return path;
    }

    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p)];

    [Fact]
    public async Task bytes_that_are_not_utf8_are_rejected_by_line_and_character_and_nothing_is_stored()
    {
        var db = await TestDatabase.CreateAsync(nameof(bytes_that_are_not_utf8_are_rejected_by_line_and_character_and_nothing_is_stored));
        // A lone surrogate written as WTF-8, then an overlong '/'.
        var csv = await FileAsync("wtf8.csv", Bytes(Header + "\nseed,2020,1.5,,,2021-01-01,a", new byte[] { 0xED, 0xA0, 0x80 }, "b\n",
            "seed,2021,1.5,,,2022-01-01,ok", new byte[] { 0xC0, 0xAF }, "\n"));

        var (code, _, err) = await HostProcess.RunAsync(db.Args("import", "rd", csv, "--register-missing"));

        code.ShouldBe(1, err);
        err.ShouldContain("wtf8.csv:2:29: (encoding): bytes ED A0 80 are not UTF-8");
        err.ShouldContain("wtf8.csv:3:30: (encoding): bytes C0 AF are not UTF-8");
        err.ShouldContain("[invalid-utf8]");
        (await db.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task a_column_named_twice_in_the_header_is_rejected_by_name()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_column_named_twice_in_the_header_is_rejected_by_name));
        var csv = await FileAsync("dup.csv", Bytes(Header + ",region\nbad-031,2020,1.5,,,2021-01-01,src,other-region\n"));

        var (code, _, err) = await HostProcess.RunAsync(db.Args("import", "rd", csv, "--register-missing"));

        code.ShouldBe(1, err);
        err.ShouldContain("dup.csv:1: region: the header names this column 2 times (positions 1, 8)");
        err.ShouldContain("[duplicate-column]");
        (await db.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task control_characters_from_a_file_are_escaped_in_error_lines()
    {
        var db = await TestDatabase.CreateAsync(nameof(control_characters_from_a_file_are_escaped_in_error_lines));
        var csv = await FileAsync("esc.csv", Bytes(Header + "\nseed,2020,1.5,10,\u001b]0;TITLE\u0007\u001b[2JCNY,2021-01-01,\u001b[41mSRC\u001b[0m\n"));

        var (code, output, err) = await HostProcess.RunAsync(db.Args("import", "rd", csv, "--register-missing"));

        code.ShouldBe(1, err);
        (output + err).ShouldNotContain("\u001b", customMessage: "no escape sequence from the file reaches the terminal");
        (output + err).ShouldNotContain("\u0007");
        err.ShouldContain(@"expenditure_unit='\x1B]0;TITLE\x07\x1B[2JCNY'");
    }

    [Fact]
    public async Task errors_are_bounded_per_kind_with_a_count_of_the_rest()
    {
        var db = await TestDatabase.CreateAsync(nameof(errors_are_bounded_per_kind_with_a_count_of_the_rest));
        var csv = await FileAsync("wide.csv", Bytes(Header + "," + string.Join(',', Enumerable.Range(0, 100_000).Select(i => "x" + i)) + "\n"));

        var (code, _, err) = await HostProcess.RunAsync(db.Args("import", "rd", csv));

        code.ShouldBe(1, err);
        err.Split('\n').Count(l => l.StartsWith("  wide.csv:1: ", StringComparison.Ordinal)).ShouldBe(20);
        err.ShouldContain("… and 99,980 more [unknown-column]");
        err.Length.ShouldBeLessThan(10_000, "100,000 unknown columns must not become megabytes of error output");
    }

    [Fact]
    public async Task a_password_typed_into_another_option_is_masked_in_the_json_error_and_the_sentence_is_kept()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_password_typed_into_another_option_is_masked_in_the_json_error_and_the_sentence_is_kept));
        const string secret = "S3cret-Json-PW";

        var verify = await HostProcess.RunAsync(["verify", "--json", "--schema", $"Host=127.0.0.1;Password={secret}", "--connection", db.ConnectionString]);
        var register = await HostProcess.RunAsync(db.Args("region", "register", "x2", "--json", "--kind", $"Host=127.0.0.1;Password={secret}"));

        foreach (var (code, output, err) in new[] { verify, register })
        {
            code.ShouldBe(2, err);
            (output + err).ShouldNotContain(secret);
            output.ShouldContain("Password=***");
        }
        verify.Err.ShouldContain("is not a plain lower-case PostgreSQL identifier", customMessage: "the mask stops at the quote: the rest of the sentence stays");
        verify.Out.ShouldContain("is not a plain lower-case PostgreSQL identifier");
    }
}
