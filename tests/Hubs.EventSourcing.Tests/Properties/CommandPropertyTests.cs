using System.Reflection;
using System.Text.RegularExpressions;
using CsCheck;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Commanding;
using Hubs.EventSourcing.Enterprises;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.Tests.Properties;

/// <summary>
/// Generated hostile input through the library's own validation and decisions (the path HubsCommands runs before any
/// write): thousands of inputs per command (see InputsPerCommand). The only failure allowed is the documented rejection; whatever is accepted is
/// storable text. CsCheck prints the seed of a failing case so it can be replayed (<c>seed:</c> on Sample).
/// </summary>
public sealed partial class CommandPropertyTests
{
    /// <summary>
    /// Inputs per command: 2,000 in CI (a shared two-core machine), <c>HUBS_PROPERTY_INPUTS=10000</c> for the figure in
    /// docs/reliability.md. A failing case prints its seed; replay it with <c>Sample(..., seed: "…")</c>.
    /// </summary>
    public static readonly int InputsPerCommand =
        int.TryParse(Environment.GetEnvironmentVariable("HUBS_PROPERTY_INPUTS"), out var n) && n > 0 ? n : 2_000;

    private static readonly DateOnly Day = new(2020, 1, 1);

    /// <summary>States for <see cref="CommandInputs.KnownIds"/>, so decisions get past "not registered".</summary>
    private static readonly Dictionary<string, object?> States = Fold(
        new RegionRegistered("beijing", "Beijing", RegionKind.Municipality),
        new RdIntensityReported("beijing", 2022, 6.83m, null, null, new DateOnly(2023, 9, 18), "NBS"),
        new RegionRegistered("hebei", "Hebei", RegionKind.Province),
        new RegionRegistered("shenzhen", "Shenzhen", RegionKind.Municipality),
        new ClusterEstablished("gba", "GBA", "Shenzhen", ClusterScope.SingleCity, Day),
        new ClusterScopeExpanded("gba", ClusterScope.SingleCity, ClusterScope.Regional, Day, "CEWC"),
        new RegionJoinedCluster("gba", "shenzhen", Day),
        new RegionAssignedToCluster("shenzhen", "gba", Day),
        new EnterpriseRegistered("huawei", "Huawei", "Shenzhen", "shenzhen"));

    private static readonly HashSet<string> DocumentedCodes = [.. CodeInDocs().Matches(
        File.ReadAllText(RepoFiles.PathOf("docs", "domain.md"))).Select(m => m.Groups[1].Value)];

    public static TheoryData<string> Commands() => [.. CommandInputs.CommandTypes.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Commands))]
    public void any_generated_input_is_decided_or_rejected_with_a_documented_code_and_what_is_accepted_is_storable(string command)
    {
        var type = CommandInputs.CommandTypes.Single(t => t.Name == command);
        var validated = 0;

        CommandInputs.For(type).Sample(c =>
        {
            try
            {
                CommandRouting.Validate(c);
                Interlocked.Increment(ref validated);
                var plan = CommandRouting.Plan(c);
                var decided = plan.Decide([.. plan.Streams.Select(k => States.GetValueOrDefault(k))]);
                for (var s = 0; s < plan.Streams.Length; s++)
                {
                    var kind = HubsModel.Of(plan.Streams[s]);
                    var state = States.GetValueOrDefault(plan.Streams[s]);
                    foreach (var e in decided[s])
                    {
                        Texts(e).ShouldAllBe(t => Rules.FirstUnsafeCharacter(t) < 0, $"{e} carries text PostgreSQL cannot store");
                        state = kind.Evolve(state, e);
                    }
                }
            }
            catch (CommandRejectedException ex)
            {
                ex.Violations.ShouldAllBe(v => DocumentedCodes.Contains(v.Code), $"every code must be in docs/domain.md: {ex.Message}");
                ex.Message.Length.ShouldBeLessThan(4_000 * ex.Violations.Count, "a rejection's text is bounded whatever the input");
            }
        }, iter: InputsPerCommand);

        // Not a property, a sanity check of the generators: some inputs must get past validation to the decider.
        validated.ShouldBeGreaterThan(0, $"no generated {command} passed validation: the generators never reach the decider");
    }

    [Fact]
    public void any_generated_context_is_accepted_or_rejected_with_a_documented_code() =>
        CommandInputs.Context.Sample(ctx =>
        {
            var violations = Rules.UnsafeTextViolations(ctx).ToList();
            violations.ShouldAllBe(v => v.Code == "invalid-character");
            Texts(ctx).Where(t => Rules.FirstUnsafeCharacter(t) >= 0).Count().ShouldBe(violations.Count);
        }, iter: InputsPerCommand);

    private static IEnumerable<string> Texts(object o) => o.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType == typeof(string)).Select(p => (string?)p.GetValue(o)).OfType<string>();

    private static Dictionary<string, object?> Fold(params object[] events)
    {
        var states = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var key = HubsModel.StreamOf(e);
            states[key] = HubsModel.Of(key).Evolve(states.GetValueOrDefault(key), e);
        }
        return states;
    }

    [GeneratedRegex("^\\| `([a-z]+(?:-[a-z]+)*)` \\|", RegexOptions.Multiline)]
    private static partial Regex CodeInDocs();
}
