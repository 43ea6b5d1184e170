namespace Hubs.SampleHost.Tests;

/// <summary>No figure dated after today is recorded, and an undated one says in its source which date it was given.</summary>
public sealed class PublicationDateHostTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-published-").FullName;

    // Three days ahead is past the one-day tolerance for time zones ahead of UTC, whatever the hour of the run.
    private static readonly string Future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd");

    [Fact]
    public async Task an_rd_row_published_in_the_future_is_refused_at_its_line_and_nothing_is_written()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_rd_row_published_in_the_future_is_refused_at_its_line_and_nothing_is_written));
        var file = Csv("future.csv",
            "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source",
            "beijing,2024,6.58,,,2025-09-29,NBS 2024",
            $"hong-kong,2023,1.14,,,{Future},typo");

        var rejected = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing"));

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain($"future.csv:3: published_on='{Future}'");
        rejected.Err.ShouldContain("[published-in-future]");
        rejected.Err.ShouldNotContain("future.csv:2:");
        (await db.EventCountAsync()).ShouldBe(0, "a rejected file writes nothing, not even its good rows");
    }

    [Fact]
    public async Task a_future_published_on_option_is_refused_for_the_rows_it_dates()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_future_published_on_option_is_refused_for_the_rows_it_dates));
        var file = Csv("undated.csv", "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source", "hong-kong,2023,1.14,,,,C&SD");

        var rejected = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing", "--published-on", Future));

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain("[published-in-future]");
        (await db.EventCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task an_undated_rank_is_recorded_with_a_source_saying_the_date_was_not_given()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_undated_rank_is_recorded_with_a_source_saying_the_date_was_not_given));
        (await HostProcess.RunAsync(db.Args("cluster", "establish", "gba", "--name", "Greater Bay Area", "--anchor-city", "Shenzhen", "--on", "2019-02-18")))
            .Code.ShouldBe(0);
        var file = Csv("ranks.csv", "cluster,ranking,edition,rank,ranked_name,published_on,source",
            "gba,WIPO GII S&T clusters,2024,2,Shenzhen–Hong Kong–Guangzhou,,GII 2024");

        var imported = await HostProcess.RunAsync(db.Args("import", "ranks", file));

        imported.Code.ShouldBe(0, imported.Err);
        var source = (string?)await db.ScalarAsync($"select coalesce(data->>'Source', data->>'source') from {db.Schema}.mt_events where type = 'global_rank_recorded'");
        source.ShouldNotBeNull().ShouldStartWith("GII 2024 (publication date not given; recorded as published on ",
            customMessage: "an undated edition is not silently stamped with today's date");
    }

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
