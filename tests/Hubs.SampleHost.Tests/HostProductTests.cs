namespace Hubs.SampleHost.Tests;

/// <summary>The host as a product: no input reaches exit 70, not-found is an error, and output reads right when redirected.</summary>
public sealed class HostProductTests
{
    [Fact]
    public async Task version_prints_the_tool_and_library_versions()
    {
        var (code, output, err) = await HostProcess.RunAsync("--version");

        code.ShouldBe(0, err);
        output.ShouldStartWith("hubs 0.2.0");
        output.ShouldContain("(Hubs.EventSourcing 0.2.0");
    }

    [Theory]
    [InlineData("--value", "abc", "a number with '.' as the decimal point")]
    [InlineData("--deadline", "soon", "a whole number")]
    [InlineData("--command-id", "nope", "a GUID")]
    public async Task a_value_that_cannot_be_read_is_a_usage_error_naming_the_option_and_the_form_expected(string option, string value, string expected)
    {
        string[] args = ["target", "set", "--region", "anhui", "--value", "3.2", "--deadline", "2035"];
        var i = Array.IndexOf(args, option);
        if (i >= 0) args[i + 1] = value;
        else args = [.. args, option, value];

        var (code, _, err) = await HostProcess.RunAsync(args);

        code.ShouldBe(2, err);
        err.ShouldContain($"{option} '{value}' is not valid: expected {expected}");
        err.ShouldNotContain("Nullable`1");
    }

    [Fact]
    public async Task an_empty_report_says_why_and_when_the_stores_history_starts()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_empty_report_says_why_and_when_the_stores_history_starts));
        var empty = await HostProcess.RunAsync(db.Args("report"));
        empty.Code.ShouldBe(0, empty.Err);
        empty.Out.ShouldContain("The store holds no events yet");
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);

        var before = await HostProcess.RunAsync(db.Args("report", "--as-of", "2020-01-01T00:00:00Z"));

        before.Code.ShouldBe(0, before.Err);
        before.Out.ShouldContain("Nothing had been recorded by 2020-01-01T00:00:00Z: --as-of is the recorded-at instant");
        before.Out.ShouldMatch(@"the first event was recorded at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z");
        before.Out.ShouldContain("--known-at");
        before.Out.ShouldNotContain("┌");
    }

    [Fact]
    public async Task redirected_output_has_no_trailing_blanks()
    {
        // Help pads every description to the widest one: 350-column lines of blanks in a file before this.
        var (code, output, err) = await HostProcess.RunAsync("--help");

        code.ShouldBe(0, err);
        output.ShouldContain("COMMANDS:");
        output.Split('\n').Where(l => l.EndsWith(' ') || l.EndsWith('\t')).ShouldBeEmpty();
    }

    [Fact]
    public async Task evidence_offers_only_the_options_it_honours()
    {
        // The bundle always holds report.html; an --html option there would be accepted and silently ignored.
        var help = await HostProcess.RunAsync("evidence", "--help");
        help.Code.ShouldBe(0, help.Err);
        help.Out.ShouldNotContain("--html");

        var (code, _, err) = await HostProcess.RunAsync("evidence", "--out", Path.Combine(Path.GetTempPath(), $"hubs-{Guid.NewGuid():N}"), "--html", "x.html");
        code.ShouldBe(2, err);
        err.ShouldContain("--html");
    }

    [Fact]
    public async Task missing_streams_and_versions_beyond_a_stream_are_usage_errors()
    {
        var db = await TestDatabase.CreateAsync(nameof(missing_streams_and_versions_beyond_a_stream_are_usage_errors));
        (await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--kind", "municipality"))).Code.ShouldBe(0);

        var history = await HostProcess.RunAsync(db.Args("history", "region:atlantis"));
        history.Code.ShouldBe(2, history.Err);
        history.Err.ShouldContain("No stream 'region:atlantis' exists");

        var replay = await HostProcess.RunAsync(db.Args("replay", "beijing", "--version", "99"));
        replay.Code.ShouldBe(2, replay.Err);
        replay.Err.ShouldContain("--version 99: region:beijing has versions 1–1");
    }

    [Fact]
    public async Task a_leaderboard_for_a_year_without_figures_says_so_and_which_years_have_them()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_leaderboard_for_a_year_without_figures_says_so_and_which_years_have_them));
        var csv = Path.Combine(Path.GetTempPath(), $"hubs-board-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\n" +
                                           "beijing,2022,6.83,,,2023-09-18,NBS\nbeijing,2024,6.58,,,2026-01-14,Xinhua\n");
        try
        {
            (await HostProcess.RunAsync(db.Args("import", "rd", csv, "--register-missing", "--missing-kind", "municipality"))).Code.ShouldBe(0);

            var (code, output, err) = await HostProcess.RunAsync(db.Args("leaderboard", "--year", "2023"));

            code.ShouldBe(0, err);
            output.ShouldContain("No region reported an R&D intensity for 2023; years with figures: 2022, 2024.");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task redirected_output_is_never_wrapped_and_names_commands_in_kebab_case()
    {
        var db = await TestDatabase.CreateAsync(nameof(redirected_output_is_never_wrapped_and_names_commands_in_kebab_case));
        var reason = "A reason long enough that an eighty-column layout would have to wrap it: " + new string('x', 120);

        var register = await HostProcess.RunAsync(db.Args("region", "register", "beijing", "--reason", reason));
        register.Code.ShouldBe(0, register.Err);
        register.Out.ShouldContain("register-region: appended region:beijing v1");

        var history = await HostProcess.RunAsync(db.Args("history", "beijing"));
        history.Code.ShouldBe(0, history.Err);
        history.Out.Split('\n').ShouldContain(line => line.Contains(reason), "the whole reason stays on one line");
        history.Out.ShouldContain("name Beijing", Case.Sensitive, "history says what each event recorded, not only its type");
    }

    [Fact]
    public async Task help_examples_quote_values_a_shell_would_split()
    {
        var (code, output, err) = await HostProcess.RunAsync("target", "set", "--help");

        code.ShouldBe(0, err);
        output.ShouldContain("--ranking \"WIPO GII S&T clusters\" --value 1");
        (await HostProcess.RunAsync("--help")).Out.ShouldContain("70 unexpected error");
    }

    [Fact]
    public async Task with_json_an_error_is_a_json_object_on_stdout_too()
    {
        var db = await TestDatabase.CreateAsync(nameof(with_json_an_error_is_a_json_object_on_stdout_too));

        var rejected = await HostProcess.RunAsync(db.Args("target", "set", "--region", "sichuan", "--value", "3.5", "--deadline", "2035", "--json"));
        var usage = await HostProcess.RunAsync("leaderboard", "--year", "abc", "--json");

        rejected.Code.ShouldBe(1, rejected.Err);
        using (var json = System.Text.Json.JsonDocument.Parse(rejected.Out))
        {
            var error = json.RootElement.GetProperty("error");
            error.GetProperty("kind").GetString().ShouldBe("rejected");
            var violation = error.GetProperty("violations")[0];
            violation.GetProperty("code").GetString().ShouldBe("region-not-registered");
            violation.GetProperty("field").GetString().ShouldBe("--region");
            violation.GetProperty("value").GetString().ShouldBe("sichuan");
        }
        usage.Code.ShouldBe(2, usage.Err);
        using (var json = System.Text.Json.JsonDocument.Parse(usage.Out))
            json.RootElement.GetProperty("error").GetProperty("message").GetString().ShouldBe("--year 'abc' is not valid: expected a whole number, e.g. 2024.");
    }

    [Fact]
    public async Task a_bare_hubs_and_a_bare_command_group_both_show_their_help_and_succeed()
    {
        var bare = await HostProcess.RunAsync();
        var group = await HostProcess.RunAsync("cluster");

        (bare.Code, group.Code).ShouldBe((0, 0), group.Err);
        bare.Out.ShouldContain("USAGE:");
        group.Out.ShouldContain("join <CLUSTER> <REGION>");
    }

    [Fact]
    public async Task re_running_an_import_says_nothing_was_written_instead_of_counting_revisions()
    {
        var db = await TestDatabase.CreateAsync(nameof(re_running_an_import_says_nothing_was_written_instead_of_counting_revisions));
        var csv = Path.Combine(Path.GetTempPath(), $"hubs-rerun-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\n" +
                                           "beijing,2022,6.83,,,2023-09-18,NBS\nbeijing,2023,6.73,,,2024-09-18,NBS\n");
        try
        {
            (await HostProcess.RunAsync(db.Args("import", "rd", csv, "--register-missing", "--missing-kind", "municipality"))).Code.ShouldBe(0);

            var again = await HostProcess.RunAsync(db.Args("import", "rd", csv));

            again.Code.ShouldBe(0, again.Err);
            again.Out.ShouldContain("2 rows → nothing to send; 2 already recorded as given.");
            again.Out.ShouldContain("Nothing written: the store already holds every row as given.");
            again.Out.ShouldNotContain("revision");
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
