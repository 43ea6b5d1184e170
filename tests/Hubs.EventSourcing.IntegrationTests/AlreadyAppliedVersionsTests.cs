using System.Security.Cryptography;
using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>A store written with a signing key and one without, for the versions a re-send reports.</summary>
public sealed class AlreadyAppliedStores : IAsyncLifetime
{
    public HubsTestStore Unsigned { get; private set; } = null!;
    public HubsTestStore Signed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Unsigned = await HubsTestStore.CreateAsync("AlreadyAppliedVersionsTests.Unsigned");
        Signed = await HubsTestStore.CreateAsync("AlreadyAppliedVersionsTests.Signed", o => o.SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256));
    }

    public async Task DisposeAsync()
    {
        await Unsigned.DisposeAsync();
        await Signed.DisposeAsync();
    }
}

/// <summary>
/// A re-sent command (<see cref="CommandOutcome.AlreadyApplied"/>) reports what its first application wrote: each stream and
/// the version it left it at, read from the idempotency record — on a single send, a two-stream command and a batch. A record
/// that kept no versions (written before they were kept) gives them from its signed ranges, or none when unsigned.
/// </summary>
public sealed class AlreadyAppliedVersionsTests(AlreadyAppliedStores fx) : IClassFixture<AlreadyAppliedStores>
{
    private static async Task ClusterAndRegionAsync(HubsTestStore hubs, string id)
    {
        await hubs.Commands.SendAsync(new EstablishCluster(id, id.ToUpperInvariant(), "City", new DateOnly(2020, 1, 1)), Ctx.New());
        await hubs.Commands.SendAsync(new RegisterRegion(id + "-r", "Region " + id, RegionKind.Province), Ctx.New());
    }

    private static JoinCluster Join(string id) => new(id, id + "-r", new DateOnly(2025, 1, 1));

    [Fact]
    public async Task a_re_sent_two_stream_command_reports_the_versions_its_first_send_left_even_after_later_writes()
    {
        await ClusterAndRegionAsync(fx.Unsigned, "av-two");
        var ctx = Ctx.New();
        var first = await fx.Unsigned.Commands.SendAsync(Join("av-two"), ctx);
        await fx.Unsigned.Commands.SendAsync(new AliasCluster("av-two", "Later Name"), Ctx.New());

        var again = await fx.Unsigned.Commands.SendAsync(Join("av-two"), ctx);

        again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        first.Streams.ShouldBe([new StreamVersion("cluster:av-two", 2), new StreamVersion("region:av-two-r", 2)]);
        again.Streams.ShouldBe(first.Streams, "the versions the command appended, not the cluster's version 3 after the later alias");
    }

    [Fact]
    public async Task a_re_sent_batch_reports_every_stream_it_wrote()
    {
        var ctx = Ctx.New();
        IHubsCommand[] batch = [new RegisterRegion("av-b1", "B1", RegionKind.Province), new RegisterRegion("av-b2", "B2", RegionKind.Province)];
        var first = await fx.Unsigned.Commands.SendBatchAsync(batch, ctx);

        var again = await fx.Unsigned.Commands.SendBatchAsync(batch, ctx);

        again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
        again.Streams.OrderBy(s => s.StreamKey, StringComparer.Ordinal).ShouldBe(first.Streams.OrderBy(s => s.StreamKey, StringComparer.Ordinal));
        again.Streams.Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_record_without_versions_reports_none_when_unsigned_and_the_signed_ranges_when_signed()
    {
        foreach (var (hubs, signed) in new[] { (fx.Unsigned, false), (fx.Signed, true) })
        {
            var id = signed ? "av-old-s" : "av-old-u";
            await ClusterAndRegionAsync(hubs, id);
            var ctx = Ctx.New();
            var first = await hubs.Commands.SendAsync(Join(id), ctx);
            // As a record written before versions were kept (0.1.0, earlier 0.2.0 builds) reads.
            (await hubs.ExecuteAsync($"update mt_doc_processedcommand set data = data - 'versions' where id = '{ctx.CommandId}'")).ShouldBe(1);

            var again = await hubs.Commands.SendAsync(Join(id), ctx);

            again.Outcome.ShouldBe(CommandOutcome.AlreadyApplied);
            if (signed) again.Streams.ShouldBe(first.Streams, "a signed record's ranges end at the versions the command appended");
            else again.Streams.ShouldBeEmpty("an unsigned record without versions cannot tell them");
        }
    }
}
