// What a developer who installs the packages writes, run by .ci/consumer-check against the packed .nupkg files.
// The regions between begin-snippet/end-snippet appear verbatim in README.md and docs/*.md; the unit test
// tests/Hubs.EventSourcing.Tests/Docs/SnippetTests.cs keeps them equal, so the docs compile against the real package.
// begin-snippet: usings
using Hubs.EventSourcing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Hosting;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using Marten;
using Microsoft.Extensions.DependencyInjection;
// end-snippet
using Hubs.EventSourcing.Testing;

// begin-snippet: readme-example
// begin-snippet: getting-started-register
await using var postgres = await PrivatePostgres.StartAsync();  // or your own server's connection string
var services = new ServiceCollection();
services.AddMarten(postgres.ConnectionString);
services.AddHubsEventSourcing();
await using var provider = services.BuildServiceProvider();
// end-snippet
// begin-snippet: getting-started-command
var commands = provider.GetRequiredService<HubsCommands>();
CommandContext Ctx() => CommandContext.New("analyst:wang", "Seed from the Xinhua report", "Xinhua 2026-01-14");
await commands.SendAsync(new EstablishCluster("greater-bay-area", "Greater Bay Area", "Shenzhen", new(2019, 2, 18)), Ctx());
await commands.SendAsync(new RegisterRegion("guangdong", "Guangdong", RegionKind.Province), Ctx());
await commands.SendAsync(new JoinCluster("greater-bay-area", "guangdong", new(2019, 2, 18)), Ctx());
// end-snippet
// begin-snippet: getting-started-query
var queries = provider.GetRequiredService<HubsQueries>();
var cluster = await queries.GetClusterAsync("greater-bay-area");
Console.WriteLine($"{cluster!.Name}: {string.Join(", ", cluster.Members)}");  // Greater Bay Area: guangdong
// end-snippet
// end-snippet

// begin-snippet: getting-started-report
await commands.SendAsync(new ReportRdIntensity("guangdong", 2022, 3.42m, 4411.9m, "CNY 100m", new(2023, 9, 18),
    "NBS 2022 Statistical Communique on National Expenditure on Science and Technology"), Ctx());
var guangdong = await queries.GetRegionAsync("guangdong");
Console.WriteLine($"{guangdong!.Name} 2022: {guangdong.Figures[2022].IntensityPct}% of GDP");  // Guangdong 2022: 3.42% of GDP
// end-snippet

// begin-snippet: getting-started-scorecard
await commands.SendAsync(new SetClusterTarget("greater-bay-area", TargetMetric.RdIntensity, null, 4.5m, 2035), Ctx());
var tracking = provider.GetRequiredService<HubsTracking>();
await tracking.CatchUpAsync(TimeSpan.FromSeconds(30));  // the read models are async projections: let them catch up
var scorecard = await tracking.GetClusterScorecardAsync("greater-bay-area");
var target = scorecard!.Targets.Single();
Console.WriteLine($"{scorecard.Name} {target.Metric} {target.Target}% by {target.Deadline}: {target.Status}");  // … InsufficientData
// end-snippet

// begin-snippet: getting-started-rejection
await commands.SendAsync(new EstablishCluster("yangtze-river-delta", "Yangtze River Delta", "Shanghai", new(2016, 5, 11)), Ctx());
try
{
    await commands.SendAsync(new JoinCluster("yangtze-river-delta", "guangdong", new(2020, 1, 1)), Ctx());
}
catch (CommandRejectedException ex)
{
    // region-in-another-cluster regionId=guangdong: Guangdong already belongs to cluster 'greater-bay-area'; …
    Console.WriteLine($"{ex.Code} {ex.Field}={ex.Value}: {ex.Violations[0].Explanation}");
}
// end-snippet

// begin-snippet: getting-started-spec
HubsSpec.Given(
        new ClusterEstablished("greater-bay-area", "Greater Bay Area", "Shenzhen", ClusterScope.SingleCity, new(2019, 2, 18)),
        new RegionRegistered("guangdong", "Guangdong", RegionKind.Province),
        new RegionRegistered("hong-kong", "Hong Kong", RegionKind.SpecialAdministrativeRegion),
        new RegionJoinedCluster("greater-bay-area", "guangdong", new(2019, 2, 18)),
        new RegionAssignedToCluster("guangdong", "greater-bay-area", new(2019, 2, 18)))
    .When(new JoinCluster("greater-bay-area", "hong-kong", new(2019, 2, 18)))
    .ThenRejected("cluster-is-single-city");
// end-snippet

// The snippets print; these checks make the run fail when the package stops doing what the docs say.
Check(cluster.Members.SequenceEqual(["guangdong"]), "the cluster lists guangdong as its only member");
Check(guangdong.ClusterId == "greater-bay-area", "guangdong belongs to greater-bay-area");
Check(guangdong.Figures[2022].IntensityPct == 3.42m, "guangdong's 2022 figure reads back as 3.42");
Check((await queries.GetClusterAsync("yangtze-river-delta"))!.Members.IsEmpty, "the rejected join wrote nothing");
Check(await queries.GetVersionAsync(Keys.Region("guangdong")) == 3, "guangdong's stream is at version 3");
Check(scorecard.Members.SequenceEqual(["guangdong"]), "the scorecard lists guangdong as the only member");
Check(scorecard.RdIntensity.Single() is { Year: 2022, Value: 3.42m }, "the scorecard's 2022 composite is guangdong's 3.42");
Check(target.Status == Hubs.EventSourcing.Tracking.TargetStatus.InsufficientData, "one year of data is not enough for a trend");
Console.WriteLine("Consumer check passed.");

static void Check(bool ok, string expectation)
{
    if (!ok) throw new InvalidOperationException("Consumer check failed: expected " + expectation + ".");
}
