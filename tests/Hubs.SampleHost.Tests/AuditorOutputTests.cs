namespace Hubs.SampleHost.Tests;

/// <summary>
/// The words around the numbers, as an auditor or a new user reads them in the terminal: which region an event is about,
/// a figure's own source, reasons in full, a target echoed when set, help examples that run, a connection string psql takes.
/// </summary>
public sealed class AuditorOutputTests
{
    [Fact]
    public async Task history_names_the_region_each_membership_event_is_about_and_prints_reasons_and_sources_whole()
    {
        var db = await TestDatabase.CreateAsync(nameof(history_names_the_region_each_membership_event_is_about_and_prints_reasons_and_sources_whole));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        var gba = await HostProcess.RunAsync(db.Args("history", "greater-bay-area"));
        gba.Code.ShouldBe(0, gba.Err);
        gba.Out.ShouldContain("regionId hong-kong", Case.Sensitive, "a cluster's history says which region joined");
        gba.Out.ShouldContain("regionId macao");
        gba.Out.ShouldContain("no comparable statistics: Macao publishes no annual R&D intensity series", Case.Sensitive, "a reason is printed whole");
        System.Text.RegularExpressions.Regex.Replace(gba.Out, "hash [0-9a-f]{12}…", "").ShouldNotContain("…", Case.Sensitive, "only hashes are shortened");
        gba.Out.ShouldNotContain("clusterId greater-bay-area", Case.Sensitive, "the stream's own id is not repeated on every line");

        var beijing = await HostProcess.RunAsync(db.Args("history", "beijing"));
        beijing.Out.ShouldContain("source NBS 2019 Statistical Communique", Case.Sensitive, "a figure's own source, not only the file it came from");
        beijing.Out.ShouldContain("clusterId beijing-tianjin-hebei", Case.Sensitive, "a region's history says which cluster it was assigned to");
    }

    [Fact]
    public async Task setting_a_target_says_the_target_now_in_force()
    {
        var db = await TestDatabase.CreateAsync(nameof(setting_a_target_says_the_target_now_in_force));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        var set = await HostProcess.RunAsync(db.Args("target", "set", "--cluster", "greater-bay-area", "--value", "5", "--deadline", "2030"));
        set.Code.ShouldBe(0, set.Err);
        set.Out.ShouldContain("Target in force for cluster greater-bay-area: rd-intensity 5.00 by 2030.");
    }

    [Fact]
    public async Task help_examples_with_several_words_are_quoted_and_run_as_printed()
    {
        var help = await HostProcess.RunAsync("cluster", "exclude", "--help");
        help.Out.ShouldContain("--reason \"no comparable statistics\"");
        (await HostProcess.RunAsync("cluster", "reinstate", "--help")).Out.ShouldContain("--reason \"comparable series published\"");
    }

    [Fact]
    public async Task storage_serve_prints_a_connection_string_psql_accepts_and_stops_with_exit_code_0_on_sigterm()
    {
        var dataDir = Directory.CreateTempSubdirectory("hubs-psql-").FullName;
        try
        {
            using var serve = HostProcess.Start("storage", "serve", "--data-dir", dataDir);
            // The line after it: output arrives in chunks, and the psql line may be read before its end.
            await serve.WaitForOutputAsync("to stop.");
            var line = serve.StdOut.Split('\n').First(l => l.StartsWith("psql:", StringComparison.Ordinal));
            var conninfo = line[(line.IndexOf('"') + 1)..line.LastIndexOf('"')];
            var psql = await Programs.RunAsync(Psql(), [conninfo, "-tAc", "select 41 + 1"]);
            psql.Code.ShouldBe(0, psql.Output);
            psql.Output.Trim().ShouldBe("42");
            serve.Signal(15);
            (await serve.WaitAsync()).ShouldBe(0, "a stop is serve's normal end (README: exit codes)");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--from", "2026-12-06T00:15:00Z", "--to", "2026-12-06T00:14:00Z")]
    [InlineData("--known-from", "2024-12-31", "--known-to", "2023-12-31")]
    public async Task a_reversed_diff_range_is_refused_instead_of_answered_incompletely(string from, string a, string to, string b)
    {
        var run = await HostProcess.RunAsync("diff", from, a, to, b);
        run.Code.ShouldBe(2, run.Err);
        run.Err.ShouldContain($"{to} {b} is before {from} {a}");
    }

    [Fact]
    public async Task an_exclusion_offers_no_date_because_it_is_dated_when_recorded()
    {
        var run = await HostProcess.RunAsync("cluster", "exclude", "greater-bay-area", "macao", "--on", "2020-01-01", "--reason", "x");
        run.Code.ShouldBe(2, "an option that would be ignored is refused");
        run.Err.ShouldContain("on");
        (await HostProcess.RunAsync("cluster", "exclude", "--help")).Out.ShouldNotContain("--on");
        (await HostProcess.RunAsync("cluster", "join", "--help")).Out.ShouldContain("--on", Case.Sensitive, "a membership has a date of its own");
    }

    [Fact]
    public async Task demo_with_a_bad_data_file_says_the_seed_story_was_written_and_nothing_from_the_file()
    {
        var db = await TestDatabase.CreateAsync(nameof(demo_with_a_bad_data_file_says_the_seed_story_was_written_and_nothing_from_the_file));
        var bad = Path.Combine(Path.GetTempPath(), $"hubs-bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(bad, "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\nbeijing,20x9,6.3,,,,\n");
        var run = await HostProcess.RunAsync(db.Args("demo", "--data", bad));
        File.Delete(bad);
        run.Code.ShouldBe(1, run.Err);
        run.Err.ShouldContain("nothing from it was written");
        run.Err.ShouldContain("The seed story, loaded before it, is in the store");
        (await db.EventCountAsync()).ShouldBeGreaterThan(0, "what the message says: the story is there");
    }

    [Fact]
    public async Task the_demos_bar_chart_shows_a_national_comparator_last_and_marked_not_ranked_among_regions()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_demos_bar_chart_shows_a_national_comparator_last_and_marked_not_ranked_among_regions));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        (await HostProcess.RunAsync(db.Args("region", "register", "china", "--name", "China", "--kind", "country"))).Code.ShouldBe(0);
        var csv = Path.Combine(Path.GetTempPath(), $"hubs-cn-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source\nchina,2024,2.68,,,2025-09-30,NBS\n");
        (await HostProcess.RunAsync(db.Args("import", "rd", csv))).Code.ShouldBe(0);
        File.Delete(csv);
        var demo = await HostProcess.RunAsync(db.Args("demo"));
        var bars = demo.Out.Split('\n').Where(l => l.Contains('█')).ToList();
        var china = bars.FindIndex(l => l.Contains("(China, comparator) 2024  2.68", StringComparison.Ordinal));
        var hebei = bars.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"Hebei +2022  2\.00"));
        china.ShouldBeGreaterThanOrEqualTo(0, "the comparator is marked, its value with 2 decimals");
        hebei.ShouldBeGreaterThanOrEqualTo(0, "values are written with 2 decimals, as everywhere (2.00, not 2)");
        china.ShouldBeGreaterThan(hebei, "the comparator (2.68) comes after every region, even Hebei's lower 2.00");
        var latest = bars.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @" 20\d\d  \d")).ToList();  // not the leaderboard's bars
        latest.Select(l => System.Text.RegularExpressions.Regex.Match(l, @" 20\d\d  ").Index).Distinct().Count()
            .ShouldBe(1, "labels are padded so names, years and values line up in columns: " + string.Join(" | ", latest));
    }

    [Fact]
    public async Task json_keys_are_kebab_case_everywhere_and_instants_end_in_z_in_json_and_text()
    {
        var db = await TestDatabase.CreateAsync(nameof(json_keys_are_kebab_case_everywhere_and_instants_end_in_z_in_json_and_text));
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        var replay = await HostProcess.RunAsync(db.Args("replay", "greater-bay-area", "--version", "9", "--json"));
        replay.Code.ShouldBe(0, replay.Err);
        using var json = System.Text.Json.JsonDocument.Parse(replay.Out);
        json.RootElement.GetProperty("recorded-at").GetString()!.ShouldEndWith("Z");
        json.RootElement.GetProperty("state").GetProperty("targets").TryGetProperty("rd-intensity", out _).ShouldBeTrue(replay.Out);
        foreach (var key in Keys(json.RootElement))
            key.ShouldNotMatch("[A-Z]|[a-z][A-Z]", $"'{key}' is not kebab-case");

        var report = await HostProcess.RunAsync(db.Args("report", "--as-of", "2030-01-01T00:00:00Z"));
        report.Out.ShouldContain("as of 2030-01-01T00:00:00Z");
        var text = await HostProcess.RunAsync(db.Args("replay", "beijing", "--version", "1"));
        text.Out.ShouldMatch(@"recorded \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z");
    }

    /// <summary>Every property name in a document, nested ones included.</summary>
    private static IEnumerable<string> Keys(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Keys(p.Value).Prepend(p.Name)),
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().SelectMany(Keys),
        _ => [],
    };

    [Fact]
    public async Task the_clusters_table_shows_the_latest_edition_of_a_ranking_with_the_name_it_ranked_not_the_best_ever()
    {
        var db = await TestDatabase.CreateAsync(nameof(the_clusters_table_shows_the_latest_edition_of_a_ranking_with_the_name_it_ranked_not_the_best_ever));

        // The demo imports GII 2024 (Beijing 3rd) and GII 2025 (Beijing 4th) whole and records the hubs' ranked names.
        var demo = await HostProcess.RunAsync(db.Args("demo"));

        demo.Code.ShouldBe(0, demo.Err);
        demo.Out.ShouldContain("#4 GII 2025 (as Beijing)");
        demo.Out.ShouldNotContain("#3 GII 2024");
        demo.Out.ShouldContain("#1 GII 2025 (as", Case.Sensitive, "the Greater Bay Area's place in the latest edition, under the name it ranked");
    }

    [Fact]
    public async Task a_control_character_in_an_option_is_blamed_on_that_option_not_on_the_default_reason()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_control_character_in_an_option_is_blamed_on_that_option_not_on_the_default_reason));
        var run = await HostProcess.RunAsync(db.Args("region", "register", "testctl", "--name", "bad\u0007name", "--kind", "province"));
        run.Code.ShouldBe(1, run.Err);
        run.Err.ShouldContain("--name");
        run.Err.ShouldNotContain("--reason");
        (await db.EventCountAsync()).ShouldBe(0, "nothing written");
    }

    /// <summary>The psql client next to the server binaries the host found (newest Debian layout first), else the one on PATH.</summary>
    private static string Psql() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
        .Select(d => Path.Combine(d, "bin", "psql")).Where(File.Exists)
        .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0)
        .FirstOrDefault() ?? "psql";
}
