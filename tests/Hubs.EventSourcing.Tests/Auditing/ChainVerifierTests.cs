using Hubs.EventSourcing.Auditing;

namespace Hubs.EventSourcing.Tests.Auditing;

public sealed class ChainVerifierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 14, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A correctly chained stream of <paramref name="count"/> events, sequences from <paramref name="firstSequence"/>.</summary>
    private static List<AuditedEvent> Chain(string key, int count, long firstSequence = 1)
    {
        var events = new List<AuditedEvent>();
        var previous = "";
        for (var v = 1; v <= count; v++)
        {
            var e = new AuditedEvent(key, v, firstSequence + v - 1, "rd_intensity_reported", T0.AddMinutes(v), "analyst:wang", "seed", "NBS",
                $"cmd-{v}", "corr", "", $"{{\"year\": {2000 + v}}}", "");
            e = e with { Hash = e.ComputeHash(previous) };
            events.Add(e);
            previous = e.Hash;
        }
        return events;
    }

    private static VerificationReport Verify(IEnumerable<AuditedEvent> events, IEnumerable<(string, long)>? records = null, Digest? expected = null)
    {
        var list = events.OrderBy(e => e.Sequence).ToList();
        var streams = (records ?? list.GroupBy(e => e.StreamKey).Select(g => (g.Key, g.Max(e => e.Version)))).ToList();
        return ChainVerifier.RunAsync(expected, Async(list), () => Async(streams), T0, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> items)
    {
        foreach (var item in items) yield return item;
        await Task.CompletedTask;
    }

    [Fact]
    public void hashes_are_checked_across_batches_and_every_mismatch_is_reported()
    {
        var events = Chain("region:big", ChainVerifier.BatchSize * 3 + 5);
        events[10] = events[10] with { Actor = "mallory" };
        events[ChainVerifier.BatchSize * 2 + 1] = events[ChainVerifier.BatchSize * 2 + 1] with { Payload = "{}" };
        events[^1] = events[^1] with { Reason = "edited" };

        var report = Verify(events);

        report.Breaks.Select(b => b.Version).ShouldBe([11L, ChainVerifier.BatchSize * 2 + 2L, events.Count]);
        report.Breaks.ShouldAllBe(b => b.Kind == BreakKind.HashMismatch);
    }

    [Fact]
    public void interleaved_intact_streams_verify_with_their_heads_in_the_digest()
    {
        var a = Chain("region:a", 3, 1);
        var b = Chain("region:b", 2, 10);

        var report = Verify(a.Concat(b));

        report.IsIntact.ShouldBeTrue();
        report.EventsChecked.ShouldBe(5);
        report.Digest.HighestSequence.ShouldBe(11);
        report.Digest.Streams.ShouldBe([new StreamDigest("region:a", 3, a[2].Hash), new StreamDigest("region:b", 2, b[1].Hash)]);
    }

    [Fact]
    public void consecutive_missing_versions_are_reported_once_as_a_range()
    {
        var events = Chain("region:a", 5);
        events.RemoveRange(1, 2);

        var gap = Verify(events).Breaks.ShouldHaveSingleItem();

        (gap.Version, gap.Kind).ShouldBe((2L, BreakKind.MissingEvents));
        gap.Detail.ShouldContain("versions 2–3 are missing (the next stored version is 4)");
    }

    [Fact]
    public void a_version_stored_after_a_higher_one_is_out_of_order_not_missing()
    {
        var events = Chain("region:a", 3);
        events[1] = events[1] with { Sequence = 9 };

        var report = Verify(events);

        report.Breaks.Select(b => (b.Version, b.Kind)).ShouldBe([(2L, BreakKind.OutOfOrder)]);
    }

    [Fact]
    public void a_stream_record_ahead_of_the_events_is_a_deleted_tail_and_behind_them_a_mismatch()
    {
        var report = Verify(Chain("region:a", 2).Concat(Chain("region:b", 2, 5)), [("region:a", 4), ("region:b", 1), ("region:gone", 2)]);

        report.Breaks.Select(b => (b.StreamKey, b.Version, b.Kind)).ShouldBe([
            ("region:a", 3L, BreakKind.DeletedTail), ("region:b", 2L, BreakKind.StreamRecordMismatch), ("region:gone", 1L, BreakKind.DeletedTail)]);
    }

    [Fact]
    public void a_saved_digest_names_removed_shortened_and_rewritten_streams()
    {
        var a = Chain("region:a", 3);
        var b = Chain("region:b", 3, 10);
        var c = Chain("region:c", 2, 20);
        var saved = Verify(a.Concat(b).Concat(c)).Digest;
        var forged = Chain("region:a", 3).Select(e => e with { Actor = "mallory" }).ToList();
        var previous = "";
        for (var i = 0; i < forged.Count; i++) { forged[i] = forged[i] with { Hash = forged[i].ComputeHash(previous) }; previous = forged[i].Hash; }

        var report = Verify(forged.Concat(b.Take(2)), expected: saved);

        report.Breaks.Select(x => (x.StreamKey, x.Version, x.Kind)).ShouldBe([
            ("", 0L, BreakKind.TotalsDecreased),
            ("region:a", 3L, BreakKind.HistoryRewritten),
            ("region:b", 3L, BreakKind.TailDeletedSinceDigest),
            ("region:c", 1L, BreakKind.StreamRemoved)]);
        report.MatchesExpectedDigest.ShouldBe(false);
    }
}
