using CsCheck;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.IntegrationTests.Sealing;

/// <summary>An application's own event (Marten's default alias <c>watchlist_item_added</c>), appended with plain Marten.</summary>
public sealed record WatchlistItemAdded(string RegionId, int Year, int Count);

/// <summary>
/// Random mixes of sealed events (through HubsCommands) and rows written behind the library's back (plain Marten appends of
/// its types and of an application's, on its streams and on the application's own, headers of every jsonb shape, payloads
/// edited in SQL, an application row renamed to a library name): verify never throws and locates every unsealed or edited
/// event, and no fold or decision ever uses one. Each case has its own streams in one store; the daemon is never run here
/// (headers that are not an object stop Marten's own loader, which <see cref="UnreadableHeadersTests"/> covers).
/// </summary>
public sealed class SealingPropertyTests(ClassStore<SealingPropertyTests> fx) : IClassFixture<ClassStore<SealingPropertyTests>>
{
    /// <summary>Cases per run: a few dozen keep it within seconds on a shared two-core machine.</summary>
    private const int Cases = 24;

    private enum Write { Sealed, UnsealedLibraryEvent, ApplicationEventOnLibraryStream, ApplicationEventOnOwnStream, RenamedToLibraryName, EditPayload }

    /// <summary>How a plain Marten append's headers (and payload) are left: as Marten wrote them, or set in SQL.</summary>
    private static readonly string?[] Shapes =
        [null, "headers = null", "headers = 'null'::jsonb", "headers = '{}'::jsonb", "headers = '7'::jsonb", "headers = '[\"hash\"]'::jsonb",
         "headers = '\"x\"'::jsonb", "headers = null, data = '5'::jsonb", "headers = '{\"reason\": \"r\"}'::jsonb, user_name = null"];

    private sealed record Op(Write Write, int Region, int Year, int Shape, int Pick)
    {
        public override string ToString() => $"{Write}(region {Region}, {Year}, shape {Shape}, pick {Pick})";
    }

    private static readonly Gen<Op[]> Mixes =
        Gen.Select(Gen.Enum<Write>(), Gen.Int[0, 1], Gen.Int[2018, 2021], Gen.Int[0, Shapes.Length - 1], Gen.Int[0, 99],
            (w, r, y, s, p) => new Op(w, r, y, s, p)).Array[1, 8];

    private int _case;

    [Fact]
    public async Task no_fold_or_decision_uses_an_event_the_chain_does_not_vouch_for_and_verify_locates_each()
    {
        await Mixes.SampleAsync(RunAsync, iter: Cases, threads: 1);
    }

    private async Task RunAsync(Op[] ops)
    {
        var n = Interlocked.Increment(ref _case);
        string[] ids = [$"p{n}-a", $"p{n}-b"];
        var keys = ids.Select(Keys.Region).ToArray();
        var app = $"watchlist:p{n}";
        // The model: each region's version, its sealed and intact figures, and the versions no fold may use.
        var versions = new long[2];
        var figures = new[] { new SortedDictionary<int, decimal>(), new SortedDictionary<int, decimal>() };
        var sealedAt = new[] { new List<(long Version, int Year)>(), new List<(long Version, int Year)>() };
        var refused = new HashSet<(string, long, BreakKind)>();
        for (var r = 0; r < 2; r++)
        {
            await fx.Hubs.Commands.SendAsync(new RegisterRegion(ids[r], $"Region {ids[r]}", RegionKind.Province), Ctx.New());
            versions[r] = 1;
        }

        foreach (var op in ops)
        {
            var (r, key) = (op.Region, keys[op.Region]);
            var value = 1m + op.Pick / 100m;
            switch (op.Write)
            {
                case Write.Sealed:
                    var command = new ReportRdIntensity(ids[r], op.Year, value, null, null, new DateOnly(op.Year + 1, 9, 1), "NBS");
                    if (figures[r].ContainsKey(op.Year))
                    {
                        var rejected = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.SendAsync(command, Ctx.New()));
                        rejected.Violations.Single().Code.ShouldBe("year-already-reported");
                        break;
                    }
                    (await fx.Hubs.Commands.SendAsync(command, Ctx.New())).Streams.ShouldBe([new StreamVersion(key, ++versions[r])],
                        "a decision on the sealed, intact history accepts a year only unsealed or edited events claim");
                    figures[r][op.Year] = value;
                    sealedAt[r].Add((versions[r], op.Year));
                    break;
                case Write.UnsealedLibraryEvent:
                    await AppendAsync(key, new RdIntensityReported(ids[r], op.Year, 9.9m, null, null, new DateOnly(2030, 1, 1), "forged"), Shapes[op.Shape]);
                    refused.Add((key, ++versions[r], BreakKind.UnsealedEvent));
                    break;
                case Write.ApplicationEventOnLibraryStream:
                    await AppendAsync(key, new WatchlistItemAdded(ids[r], op.Year, op.Pick), Shapes[op.Shape]);
                    refused.Add((key, ++versions[r], BreakKind.UnsealedEvent));
                    break;
                case Write.ApplicationEventOnOwnStream:
                    await AppendAsync(app, new WatchlistItemAdded(ids[r], op.Year, op.Pick), Shapes[op.Shape]);
                    break;
                case Write.RenamedToLibraryName:
                    // An application type stored under a library name (a clashing alias), on the application's own stream.
                    await AppendAsync(app, new WatchlistItemAdded(ids[r], op.Year, op.Pick), Shapes[op.Shape]);
                    await fx.Hubs.ExecuteAsync(
                        $"update mt_events set type = 'rd_intensity_reported' where stream_id = '{app}' and version = (select max(version) from mt_events where stream_id = '{app}')");
                    break;
                case Write.EditPayload when sealedAt[r].Count > 0:
                    var (version, year) = sealedAt[r][op.Pick % sealedAt[r].Count];
                    sealedAt[r].Remove((version, year));
                    (await fx.Hubs.ExecuteAsync(
                        $"update mt_events set data = jsonb_set(data, '{{intensityPct}}', '7.77') where stream_id = '{key}' and version = {version}")).ShouldBe(1);
                    figures[r].Remove(year);
                    refused.Add((key, version, BreakKind.HashMismatch));
                    break;
            }
        }

        var report = await fx.Hubs.Audit().VerifyAsync();
        report.Breaks.Where(b => keys.Contains(b.StreamKey) && b.Kind is BreakKind.UnsealedEvent or BreakKind.HashMismatch)
            .Select(b => (b.StreamKey, b.Version, b.Kind)).ToHashSet().ShouldBe(refused, ignoreOrder: true, "verify locates every unsealed or edited event");
        report.Breaks.ShouldNotContain(b => keys.Contains(b.StreamKey) && b.Kind != BreakKind.UnsealedEvent && b.Kind != BreakKind.HashMismatch
            && b.Kind != BreakKind.MetadataMismatch);

        var now = fx.Clock.GetUtcNow();
        var asOf = await fx.Hubs.Tracking.GetReportAsync(now, null);
        var rebuilt = await fx.Hubs.Tracking.RebuildAsync();
        var live = await fx.Hubs.Tracking.GetReportAsync();
        for (var r = 0; r < 2; r++)
        {
            var expected = figures[r].ToList();
            (await fx.Hubs.Queries.GetRegionAsync(ids[r]))!.Figures.Select(f => KeyValuePair.Create(f.Key, f.Value.IntensityPct)).ToList()
                .ShouldBe(expected, "the state is the fold of the sealed, intact events only");
            var state = await fx.Hubs.Audit().StateAsync(keys[r], fullReplay: true);
            state!.SkippedEvents.Select(b => (b.StreamKey, b.Version, b.Kind)).ToHashSet()
                .ShouldBe(refused.Where(x => x.Item1 == keys[r]).ToHashSet(), ignoreOrder: true);
            Figures(asOf, ids[r]).ShouldBe(expected, "the as-of replay folds the sealed, intact events only");
            Figures(live, ids[r]).ShouldBe(expected, "the rebuilt read model folds the sealed, intact events only");
        }
        asOf.SkippedEvents.Where(b => keys.Contains(b.StreamKey)).Select(b => (b.StreamKey, b.Version, b.Kind)).ToHashSet()
            .ShouldBe(refused, ignoreOrder: true);
        rebuilt.SkippedEvents.Where(b => keys.Contains(b.StreamKey)).Select(b => (b.StreamKey, b.Version, b.Kind)).ToHashSet()
            .ShouldBe(refused, ignoreOrder: true, "the rebuild says which events it left out");
    }

    private static List<KeyValuePair<int, decimal>> Figures(TrackingReport report, string id) =>
        report.Regions.SingleOrDefault(x => x.Id == id)?.RdIntensity.Select(y => KeyValuePair.Create(y.Year, y.Value)).ToList() ?? [];

    /// <summary>A plain Marten append, then the row's columns set as <paramref name="shape"/> says (null: as Marten wrote it).</summary>
    private async Task AppendAsync(string key, object e, string? shape)
    {
        await using (var session = fx.Hubs.Store.LightweightSession())
        {
            session.Events.Append(key, e);
            await session.SaveChangesAsync();
        }
        if (shape is not null)
            (await fx.Hubs.ExecuteAsync(
                $"update mt_events set {shape} where stream_id = '{key}' and version = (select max(version) from mt_events where stream_id = '{key}')")).ShouldBe(1);
    }
}
