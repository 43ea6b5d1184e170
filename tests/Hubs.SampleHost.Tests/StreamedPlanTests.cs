using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;
using Hubs.SampleHost.Import;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// A file of R&amp;D figures is planned row by row and read again for each enumeration of the import: what the plan keeps
/// instead of the rows must still give the same commands, the same import id and errors located by line.
/// </summary>
public sealed class StreamedPlanTests : IDisposable
{
    private const string Header = "region,year,rd_intensity_pct,rd_expenditure,expenditure_unit,published_on,source";
    private readonly string _dir = Directory.CreateTempSubdirectory("hubs-streamed-plan-").FullName;

    private static RdImport Importer(RegionKind? registerMissing = null) =>
        new() { DefaultSource = "file", DefaultPublishedOn = new DateOnly(2026, 1, 14), RegisterMissingAs = registerMissing };

    private static readonly Region Fujian = new() { Id = "fujian", Name = "Fujian", Kind = RegionKind.Province };

    [Fact]
    public async Task a_file_of_figures_is_read_again_for_each_enumeration_and_gives_the_same_commands()
    {
        var plan = Importer().Plan(Csv("streamed.csv", Header, "fujian,2019,1.78,,,2020-08-27,a", "fujian,2020,1.92,,,2021-09-22,a"), [Fujian]);

        plan.IsStreamed.ShouldBeTrue("a file of figures is planned without holding its rows");
        var first = await plan.Stream().ToListAsync();
        var second = await plan.Stream().ToListAsync();
        second.ShouldBe(first, "the import enumerates again after a lost race and requires the same commands");
        first.Count.ShouldBe(plan.Count);
    }

    [Fact]
    public void the_same_file_has_one_import_hash_and_an_edited_file_another()
    {
        var path = Csv("same.csv", Header, "fujian,2019,1.78,,,2020-08-27,a");
        var once = Importer().Plan(path, [Fujian]).ContentHash;
        var twice = Importer().Plan(path, [Fujian]).ContentHash;
        var edited = Importer().Plan(Csv("edited.csv", Header, "fujian,2019,1.79,,,2020-08-27,a"), [Fujian]).ContentHash;

        twice.ShouldBe(once, "importing the same file again must be recognised as the same import");
        edited.ShouldNotBe(once, "an edited file is another import");
    }

    [Fact]
    public void the_import_hash_of_a_streamed_plan_is_the_hash_of_its_commands_as_before()
    {
        var plan = Importer(RegionKind.Province).Plan(Csv("hash.csv", Header, "new-one,2019,1.78,,,2020-08-27,a", "new-one,2019,1.8,,,2021-08-27,b"), []);
        using var whole = new CommandHash();
        foreach (var command in plan.Commands) whole.Add(command);

        plan.ContentHash.ShouldBe(whole.Hex(), "an import planned before rows were streamed keeps its id, so a re-run still finds it applied");
    }

    [Fact]
    public async Task a_file_edited_after_it_was_planned_is_refused_before_the_import_can_commit()
    {
        var path = Csv("moving.csv", Header, "fujian,2019,1.78,,,2020-08-27,a", "fujian,2020,1.92,,,2021-09-22,a");
        var plan = Importer().Plan(path, [Fujian]);
        File.WriteAllText(path, string.Join("\n", Header, "fujian,2019,1.78,,,2020-08-27,a", "fujian,2020,1.99,,,2021-09-22,a") + "\n");

        var read = new List<IHubsCommand>();
        var ex = await Should.ThrowAsync<InputRejectedException>(async () =>
        {
            await foreach (var command in plan.Stream()) read.Add(command);
        });

        ex.Message.ShouldContain("moving.csv changed while it was being imported; nothing was written");
        read.Count.ShouldBeLessThan(plan.Count, "the last command is never handed to the import, so it cannot commit");
    }

    [Fact]
    public void a_row_repeated_in_another_unit_or_with_trailing_zeros_is_unchanged_and_a_changed_figure_is_a_revision()
    {
        var plan = Importer().Plan(Csv("repeated.csv", Header,
            "fujian,2019,1.78,1.5,亿元,2020-08-27,a", "fujian,2019,1.780,15000,万元,2020-08-27,b", "fujian,2019,1.78,1.6,CNY 100m,2020-08-27,c"), [Fujian]);

        plan.Unchanged.ShouldBe(1, "1.5 亿元 is 15,000 万元 and 1.780 is 1.78");
        plan.Commands.Select(c => c.GetType()).ShouldBe([typeof(ReportRdIntensity), typeof(ReviseRdIntensity)]);
    }

    [Fact]
    public void a_violation_after_registrations_is_located_at_its_row_with_the_value_as_typed()
    {
        // Each registration is a command of its own before its region's first row: indices and lines part ways.
        var plan = Importer(RegionKind.Province).Plan(Csv("shifted.csv", Header,
            "alpha,2019,1.0,,,2020-08-27,a", "beta,2019,1.0,,,2020-08-27,a", "beta,2020, 150.0 ,,,2021-08-27,a"), []);
        var rejected = new CommandRejectedException([new RuleViolation("intensity-out-of-range", "intensityPct", 150m, "too high") { CommandIndex = 4 }]);

        plan.Commands[4].ShouldBeOfType<ReportRdIntensity>().Year.ShouldBe(2020);
        plan.Locate(rejected).ShouldHaveSingleItem().ShouldBe(new InputError("shifted.csv", 4, "rd_intensity_pct", "150.0", "too high", "intensity-out-of-range"));
    }

    private string Csv(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
