using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>An untampered store: never tampered with in this class.</summary>
public sealed class VerifyTests(ClassStore<VerifyTests> fx) : IClassFixture<ClassStore<VerifyTests>>
{
    private async Task SeedAsync(string suffix)
    {
        await fx.Hubs.SeedRegionAsync("v-sh" + suffix);
        await fx.Hubs.Commands.SendAsync(new EstablishCluster("v-yrd" + suffix, "Yangtze River Delta", "Shanghai", new DateOnly(2019, 12, 1)), Ctx.New());
        await fx.Hubs.Commands.SendAsync(new JoinCluster("v-yrd" + suffix, "v-sh" + suffix, new DateOnly(2020, 1, 1)), Ctx.New());
        await fx.Hubs.Commands.SendBatchAsync(
            [new ExpandClusterScope("v-yrd" + suffix, new DateOnly(2019, 12, 1), "State Council"),
             new RegisterRegion("v-js" + suffix, "Jiangsu", RegionKind.Province), new JoinCluster("v-yrd" + suffix, "v-js" + suffix, new DateOnly(2020, 1, 1))],
            Ctx.New());
    }

    [Fact]
    public async Task a_clean_store_verifies_intact_with_every_event_checked()
    {
        await SeedAsync("1");

        var report = await fx.Hubs.Audit().VerifyAsync();

        report.Breaks.ShouldBeEmpty();
        report.IsIntact.ShouldBeTrue();
        report.MatchesExpectedDigest.ShouldBeNull();
        report.EventsChecked.ShouldBe(await fx.Hubs.ScalarAsync<long>("select count(*) from mt_events where stream_id <> 'mt_tombstone'"));
        report.Digest.EventCount.ShouldBe(report.EventsChecked);
        report.Digest.HighestSequence.ShouldBe(await fx.Hubs.ScalarAsync<long>("select max(seq_id) from mt_events"));
        var head = report.Digest.Streams.Single(s => s.StreamKey == "cluster:v-yrd1");
        head.Version.ShouldBe(4);
        head.Hash.ShouldBe(await fx.Hubs.ScalarAsync<string>("select headers->>'hash' from mt_events where stream_id = 'cluster:v-yrd1' and version = 4"));
    }

    [Fact]
    public async Task a_store_that_only_grew_since_a_saved_digest_matches_it()
    {
        await SeedAsync("2");
        var saved = Digest.Parse((await fx.Hubs.Audit().VerifyAsync()).Digest.ToJson());
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("v-js2", 2022, 3.12m, null, null, new DateOnly(2023, 9, 1), "NBS"), Ctx.New());
        await fx.Hubs.SeedRegionAsync("v-new2");

        var report = await fx.Hubs.Audit().VerifyAsync(saved);

        report.IsIntact.ShouldBeTrue();
        report.MatchesExpectedDigest.ShouldBe(true);
        report.Digest.Root.ShouldNotBe(saved.Root, "appends change the root");
    }

    [Fact]
    public async Task the_digest_is_reproducible_and_survives_its_json_file()
    {
        await SeedAsync("3");
        var first = (await fx.Hubs.Audit().VerifyAsync()).Digest;
        var second = (await fx.Hubs.Audit().VerifyAsync()).Digest;

        second.Root.ShouldBe(first.Root);
        var parsed = Digest.Parse(first.ToJson());
        parsed.Root.ShouldBe(first.Root);
        parsed.Streams.ShouldBe(first.Streams);
        parsed.EventCount.ShouldBe(first.EventCount);
    }
}
