namespace Hubs.SampleHost.Tests;

/// <summary>
/// <c>hubs import rd --register-missing</c> registers each missing region with its row's <c>kind</c> (a mixed file need not be
/// split by kind); <c>--missing-kind</c> is the kind of rows without one, and an unknown kind refuses the file at its line.
/// </summary>
public sealed class RegisterMissingKindTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-kind-").FullName;

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static async Task<string?> KindsAsync(TestDatabase db) =>
        (string?)await db.ScalarAsync($"select string_agg(coalesce(data->>'RegionId', data->>'regionId') || '=' || coalesce(data->>'Kind', data->>'kind'), ',' " +
            $"order by coalesce(data->>'RegionId', data->>'regionId')) from {db.Schema}.mt_events where type = 'region_registered_v2'");

    [Fact]
    public async Task each_missing_region_is_registered_with_its_rows_kind_and_rows_without_one_take_the_missing_kind()
    {
        var db = await TestDatabase.CreateAsync(nameof(each_missing_region_is_registered_with_its_rows_kind_and_rows_without_one_take_the_missing_kind));
        var file = Csv("mixed.csv",
            "region,year,rd_intensity_pct,published_on,source,kind",
            "Hong Kong,2022,0.99,2023-12-01,C&SD,SAR",
            "Beijing,2022,6.83,2023-09-18,NBS,municipality",
            "Shenzhen,2022,5.81,2023-09-18,Shenzhen bureau,city",
            "Hebei,2022,2.0,2023-09-18,NBS,",
            "Inner Mongolia,2022,0.9,2023-09-18,NBS,autonomous-region");

        var imported = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing", "--missing-kind", "province"));

        imported.Code.ShouldBe(0, imported.Err);
        (await KindsAsync(db)).ShouldBe("beijing=municipality,hebei=province,hong-kong=special-administrative-region,inner-mongolia=autonomous-region,shenzhen=city",
            "each region's kind is its row's; Hebei's row gives none and takes --missing-kind");
    }

    [Fact]
    public async Task an_unknown_kind_refuses_the_file_naming_file_line_column_value_and_the_kinds_accepted()
    {
        var db = await TestDatabase.CreateAsync(nameof(an_unknown_kind_refuses_the_file_naming_file_line_column_value_and_the_kinds_accepted));
        var file = Csv("kinds.csv",
            "region,year,rd_intensity_pct,published_on,source,kind",
            "Hong Kong,2022,0.99,2023-12-01,C&SD,sar",
            "Macao,2022,0.3,2023-12-01,DSEC,territory");

        var rejected = await HostProcess.RunAsync(db.Args("import", "rd", file, "--register-missing"));

        rejected.Code.ShouldBe(1, rejected.Err);
        rejected.Err.ShouldContain("kinds.csv:3: kind='territory': not a region kind: one of municipality, province, autonomous-region, special-administrative-region, country, city (or sar) [unknown-region-kind]");
        rejected.Err.ShouldNotContain("kinds.csv:2:");
        (await db.EventCountAsync()).ShouldBe(0, "a refused file writes nothing");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
