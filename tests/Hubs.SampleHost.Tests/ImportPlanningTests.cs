using System.Collections.Immutable;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Import;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Tests;

/// <summary>How a CSV file becomes commands, without a database: the rules an importer must get right before sending.</summary>
public sealed class ImportPlanningTests : IDisposable
{
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source";
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-plan-").FullName;

    private static readonly Region Beijing = new()
    {
        Id = "beijing", Name = "Beijing", Kind = RegionKind.Municipality,
        Figures = ImmutableSortedDictionary<int, RdFigure>.Empty.Add(2022, new RdFigure(6.83m, null, null, new DateOnly(2023, 9, 18), 0)),
    };

    private static RdImport Importer(bool skipReported = false, RegionKind? registerMissing = null) => new()
    {
        DefaultSource = "file", DefaultPublishedOn = new DateOnly(2026, 1, 14), SkipReported = skipReported, RegisterMissingAs = registerMissing,
    };

    [Fact]
    public void a_year_already_reported_in_the_store_or_earlier_in_the_file_becomes_a_revision()
    {
        var plan = Importer().Plan(Csv(Header, "BEIJING,2022,6.9,,,2024-09-01,NBS", "Beijing,2023,6.73,,,2024-10-02,NBS", "beijing,2023,6.74,,,2025-01-02,NBS"), [Beijing]);

        plan.ParseErrors.ShouldBeEmpty();
        plan.Commands.Select(c => c.GetType()).ShouldBe([typeof(ReviseRdIntensity), typeof(ReportRdIntensity), typeof(ReviseRdIntensity)]);
        plan.Commands.OfType<ReviseRdIntensity>().ShouldAllBe(r => r.RegionId == "beijing" && r.Reason == "NBS",
            "without --reason a revision gives its source as the reason");
    }

    [Fact]
    public void the_same_row_twice_in_a_file_is_one_report_and_no_revision()
    {
        var plan = Importer().Plan(Csv(Header, "fujian,2019,1.78,,,2020-08-27,a", "fujian,2019,1.78,,,2020-08-27,a"),
            [new Region { Id = "fujian", Name = "Fujian", Kind = RegionKind.Province }]);

        plan.ParseErrors.ShouldBeEmpty();
        plan.Commands.Select(c => c.GetType()).ShouldBe([typeof(ReportRdIntensity)], "the summary counted a revision the store never wrote");
        plan.Unchanged.ShouldBe(1);
    }

    [Fact]
    public void seeding_skips_years_already_reported_instead_of_revising_them_back()
    {
        var plan = Importer(skipReported: true).Plan(Csv(Header, "beijing,2022,6.83,,,2023-09-18,NBS", "beijing,2021,6.53,,,2022-08-31,NBS"), [Beijing]);

        plan.Commands.ShouldHaveSingleItem().ShouldBeOfType<ReportRdIntensity>().Year.ShouldBe(2021);
        plan.Unchanged.ShouldBe(1);
    }

    [Fact]
    public void unknown_regions_are_registered_once_by_slug_or_by_name_when_asked()
    {
        var plan = Importer(registerMissing: RegionKind.AutonomousRegion)
            .Plan(Csv(Header, "Inner Mongolia,2023,1.0,,,,", "inner-mongolia,2022,0.9,,,,", "sichuan,2023,2.3,,,,"), []);

        plan.Commands.OfType<RegisterRegion>().ShouldBe([
            new RegisterRegion("inner-mongolia", "Inner Mongolia", RegionKind.AutonomousRegion),
            new RegisterRegion("sichuan", "Sichuan", RegionKind.AutonomousRegion)]);
        plan.Commands.OfType<ReportRdIntensity>().ShouldAllBe(r => r.PublishedOn == new DateOnly(2026, 1, 14)
            && r.Source == "file (publication date not given; recorded as published on 2026-01-14, the day it was recorded)");
    }

    [Fact]
    public void an_undated_row_with_the_figures_already_stored_is_unchanged_rather_than_a_revision_on_a_later_day()
    {
        var plan = Importer().Plan(Csv(Header, "beijing,2022,6.83,,,,NBS", "beijing,2022,6.9,,,,NBS"), [Beijing]);

        plan.Unchanged.ShouldBe(1);
        plan.Commands.ShouldHaveSingleItem().ShouldBeOfType<ReviseRdIntensity>().IntensityPct.ShouldBe(6.9m);
    }

    [Fact]
    public void a_publication_date_given_for_the_file_is_used_without_a_note()
    {
        var plan = new RdImport { DefaultSource = "file", DefaultPublishedOn = new DateOnly(2023, 12, 1), PublishedOnGiven = true }
            .Plan(Csv(Header, "beijing,2023,6.73,,,,NBS"), [Beijing]);

        plan.Commands.ShouldHaveSingleItem().ShouldBe(new ReportRdIntensity("beijing", 2023, 6.73m, null, null, new DateOnly(2023, 12, 1), "NBS"));
    }

    [Fact]
    public void parse_errors_name_the_line_where_the_record_starts_counting_line_breaks_inside_quotes()
    {
        var plan = Importer().Plan(Csv(Header, "beijing,2021,6.53,,,2022-08-31,\"NBS communique,\nannex table 2\"", "beijing,2020,six,,,20-09-22,NBS"), [Beijing]);

        plan.ParseErrors.Select(e => (e.Line, e.Column, e.Value)).ShouldBe([(4, "rd_intensity_pct", "six"), (4, "published_on", "20-09-22")]);
        plan.Commands.ShouldHaveSingleItem().ShouldBeOfType<ReportRdIntensity>().Source.ShouldBe("NBS communique,\nannex table 2");
    }

    [Fact]
    public void a_missing_required_column_is_reported_on_the_header_line()
    {
        var plan = Importer().Plan(Csv("region,year,source", "beijing,2021,NBS"), [Beijing]);

        plan.ParseErrors.ShouldHaveSingleItem().ShouldBe(plan.ParseErrors[0] with { Line = 1, Column = "rd_intensity_pct" });
        plan.Count.ShouldBe(0);
    }

    [Fact]
    public void library_violations_are_mapped_back_to_the_line_and_column_of_their_command()
    {
        var plan = Importer().Plan(Csv(Header, "beijing,2021,6.53,,,2022-08-31,NBS", "beijing,2020,150,,,2021-09-22,NBS"), [Beijing]);
        var rejected = new CommandRejectedException([new RuleViolation("intensity-out-of-range", "IntensityPct", 150m, "too high") { CommandIndex = 1 }]);

        plan.Locate(rejected).ShouldHaveSingleItem().ShouldBe(new InputError(plan.File, 3, "rd_intensity_pct", "150", "too high", "intensity-out-of-range"));
    }

    [Fact]
    public void name_based_command_ids_are_stable_and_distinct()
    {
        Ids.NameBased("hubs-demo/region/beijing").ShouldBe(Ids.NameBased("hubs-demo/region/beijing"));
        Ids.NameBased("hubs-demo/region/beijing").ShouldNotBe(Ids.NameBased("hubs-demo/region/tianjin"));
    }

    private string Csv(params string[] lines)
    {
        var path = Path.Combine(_dir, $"f{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
