using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests;

// HubsSpec.With takes its modules as an argument: nothing is registered for the process, so two test classes (or two specs
// in one test) can hold different module sets.
public sealed class HubsSpecModulesTests
{
    private sealed record Tally(int Count);
    private sealed record Counted(string Id, int By);
    private sealed record Count(string Id, int By) : IHubsCommand;

    private static HubsModule<Tally> TallyModule(string prefix) => new HubsModule<Tally>(prefix)
        .Starts<Counted>(prefix.Replace('-', '_') + "_counted", e => prefix + ":" + e.Id, (s, e) => new Tally((s?.Count ?? 0) + e.By))
        .Command<Count>(c => prefix + ":" + c.Id, (c, s) => (s?.Count ?? 0) + c.By > 10
            ? throw new CommandRejectedException("too-many", nameof(c.By), c.By, "At most 10.")
            : [new Counted(c.Id, c.By)]);

    [Fact]
    public void a_spec_over_its_own_modules_routes_folds_and_decides_with_them()
    {
        var specs = HubsSpec.With(TallyModule("spec-tally-a"));

        specs.Given(new Counted("t", 4)).When(new Count("t", 5)).Then(new Counted("t", 5));
        specs.Given(new Counted("t", 6)).When(new Count("t", 5)).ThenRejected("too-many");
    }

    [Fact]
    public void two_module_sets_in_one_process_do_not_see_each_others_modules()
    {
        var withTally = HubsSpec.With(TallyModule("spec-tally-b"));
        var without = HubsSpec.With();

        withTally.Given().When(new Count("t", 1)).Then(new Counted("t", 1));
        Should.Throw<ArgumentException>(() => without.Given().When(new Count("t", 1)).Then(new Counted("t", 1)))
            .Message.ShouldContain("Count is not a command of any registered module");
        HubsModel.Current.Commands.ShouldNotContainKey(typeof(Count), "nothing was registered for the whole process");
    }
}
