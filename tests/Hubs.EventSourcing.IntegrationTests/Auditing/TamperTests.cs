using Hubs.EventSourcing.Auditing;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>
/// Tampering done directly in PostgreSQL, as someone with database access would. Each test owns one stream and asserts
/// the breaks located in it (earlier tests' damage to their own streams is ignored).
/// </summary>
public sealed class TamperTests(ClassStore<TamperTests> fx) : IClassFixture<ClassStore<TamperTests>>
{
    private HubsAudit Audit => fx.Hubs.Audit();

    private Task<int> Sql(string key, string sql) => fx.Hubs.ExecuteAsync(sql.Replace("@key", $"'{key}'", StringComparison.Ordinal));

    [Theory]
    [InlineData("payload", "update mt_events set data = jsonb_set(data, '{intensityPct}', '9.99') where stream_id = @key and version = 2")]
    [InlineData("actor", "update mt_events set user_name = 'analyst:mallory' where stream_id = @key and version = 2")]
    [InlineData("reason", "update mt_events set headers = jsonb_set(headers, '{reason}', '\"a better story\"') where stream_id = @key and version = 2")]
    [InlineData("recorded-at", "update mt_events set timestamp = timestamp - interval '1 day' where stream_id = @key and version = 2")]
    [InlineData("type", "update mt_events set type = 'rd_intensity_revised' where stream_id = @key and version = 2")]
    public async Task changing_a_covered_field_is_a_hash_mismatch_at_that_event(string field, string sql)
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-" + field);
        (await Sql(key, sql)).ShouldBe(1);

        var report = await Audit.VerifyAsync();

        report.IsIntact.ShouldBeFalse();
        // A changed type also no longer matches the row's CLR type name: that is reported too, at the same event.
        report.BreaksOf(key).Where(b => b.Kind != BreakKind.MetadataMismatch || field != "type").Select(b => (b.Version, b.Kind))
            .ShouldBe([(2L, BreakKind.HashMismatch)],
                $"changing the {field} of version 2 is found exactly there; version 3 still chains to the stored hash");
    }

    [Fact]
    public async Task deleting_a_middle_event_is_a_gap_at_its_version()
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-middle");
        await Sql(key, "delete from mt_events where stream_id = @key and version = 2");

        var breaks = (await Audit.VerifyAsync()).BreaksOf(key);

        breaks.Select(b => (b.Version, b.Kind)).ShouldBe([(2L, BreakKind.MissingEvents)]);
        breaks[0].Detail.ShouldContain("version 2 is missing");
    }

    [Fact]
    public async Task deleting_the_last_event_is_found_by_the_stream_record_and_by_a_saved_digest()
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-tail");
        var saved = (await Audit.VerifyAsync()).Digest;
        await Sql(key, "delete from mt_events where stream_id = @key and version = 3");

        var report = await Audit.VerifyAsync(saved);

        report.BreaksOf(key).Select(b => (b.Version, b.Kind)).ShouldBe(
            [(3L, BreakKind.DeletedTail), (3L, BreakKind.TailDeletedSinceDigest)], ignoreOrder: true);
        report.MatchesExpectedDigest.ShouldBe(false);
    }

    [Fact]
    public async Task deleting_the_tail_and_fixing_the_stream_record_is_still_found_by_the_saved_digest()
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-tail-covered");
        var saved = Digest.Parse((await Audit.VerifyAsync()).Digest.ToJson());
        await Sql(key, "delete from mt_events where stream_id = @key and version = 3; update mt_streams set version = 2 where id = @key");

        (await Audit.VerifyAsync()).BreaksOf(key).ShouldBeEmpty("without a digest, a cleanly cut tail looks like a shorter stream");
        var withDigest = await Audit.VerifyAsync(saved);

        var located = withDigest.BreaksOf(key).ShouldHaveSingleItem();
        located.Kind.ShouldBe(BreakKind.TailDeletedSinceDigest);
        located.Version.ShouldBe(3);
        located.Detail.ShouldContain("the digest recorded version 3; the stream now ends at version 2");
    }

    [Fact]
    public async Task swapping_the_version_numbers_of_two_events_is_out_of_order_at_the_moved_event()
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-swap-version");
        await Sql(key, """
            update mt_events set version = -2 where stream_id = @key and version = 2;
            update mt_events set version = 2 where stream_id = @key and version = 3;
            update mt_events set version = 3 where stream_id = @key and version = -2;
            """);

        var breaks = (await Audit.VerifyAsync()).BreaksOf(key);

        var located = breaks.ShouldHaveSingleItem();
        (located.Version, located.Kind).ShouldBe((2L, BreakKind.OutOfOrder));
        located.Detail.ShouldContain("after version 3");
    }

    [Fact]
    public async Task swapping_the_payloads_of_two_events_is_a_mismatch_at_both()
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-swap-data");
        await Sql(key, """
            update mt_events e set data = o.data from mt_events o
            where e.stream_id = @key and o.stream_id = @key and ((e.version = 2 and o.version = 3) or (e.version = 3 and o.version = 2));
            """);

        var breaks = (await Audit.VerifyAsync()).BreaksOf(key);

        breaks.Select(b => (b.Version, b.Kind)).ShouldBe([(2L, BreakKind.HashMismatch), (3L, BreakKind.HashMismatch)]);
    }

    [Fact]
    public async Task removing_a_whole_stream_is_found_only_by_a_saved_digest()
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-removed");
        var saved = (await Audit.VerifyAsync()).Digest;
        await Sql(key, "delete from mt_events where stream_id = @key; delete from mt_streams where id = @key");

        (await Audit.VerifyAsync()).BreaksOf(key).ShouldBeEmpty("no chain is left to break");
        var report = await Audit.VerifyAsync(saved);

        var located = report.BreaksOf(key).ShouldHaveSingleItem();
        located.Kind.ShouldBe(BreakKind.StreamRemoved);
        report.Breaks.ShouldContain(b => b.Kind == BreakKind.TotalsDecreased);
    }

    [Fact]
    public async Task rewriting_history_with_recomputed_hashes_passes_the_chain_but_not_the_saved_digest()
    {
        var key = await fx.Hubs.SeedRegionAsync("tamper-rewrite");
        var saved = (await Audit.VerifyAsync()).Digest;
        // Someone who knows the (public) recipe edits version 2 and recomputes versions 2 and 3 from the stored fields.
        await Sql(key, "update mt_events set data = jsonb_set(data, '{intensityPct}', '9.99') where stream_id = @key and version = 2");
        var previous = "";
        foreach (var e in await Audit.HistoryAsync(key).ListAsync())
        {
            var hash = e.ComputeHash(previous);
            await Sql(key, $"update mt_events set headers = jsonb_set(headers, '{{hash}}', to_jsonb('{hash}'::text)) where stream_id = @key and version = {e.Version}");
            previous = hash;
        }

        (await Audit.VerifyAsync()).BreaksOf(key).ShouldBeEmpty("a consistent forgery passes the chain check alone");
        var report = await Audit.VerifyAsync(saved);

        var located = report.BreaksOf(key).ShouldHaveSingleItem();
        (located.Version, located.Kind).ShouldBe((3L, BreakKind.HistoryRewritten));
        report.MatchesExpectedDigest.ShouldBe(false);
    }
}
