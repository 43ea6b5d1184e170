using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>
/// State checkpoints (HubsOptions.CheckpointInterval, here every 4 versions): time travel and command heads fold from the
/// nearest one, agree with a full replay, ignore a stale one, and verification catches a changed one.
/// </summary>
public sealed class CheckpointTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));
    private HubsTestStore _hubs = null!;
    private readonly List<DateTimeOffset> _recordedAt = [];

    private HubsAudit Audit => _hubs.Audit();

    public async Task InitializeAsync()
    {
        _hubs = await HubsTestStore.CreateAsync(nameof(CheckpointTests), o => { o.TimeProvider = _clock; o.CheckpointInterval = 4; });
        // region:cp — v1 registered, v2..v11 the years 2000..2009, one command (and one recorded-at) each.
        await SendAsync(new RegisterRegion("cp", "Checkpointed", RegionKind.Province));
        for (var year = 2000; year < 2010; year++)
            await SendAsync(new ReportRdIntensity("cp", year, 1m + (year - 2000) / 10m, null, null, new DateOnly(year + 1, 9, 1), "NBS"));
    }

    public async Task DisposeAsync() => await _hubs.DisposeAsync();

    private async Task SendAsync(IHubsCommand command)
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        _recordedAt.Add(_clock.GetUtcNow());
        await _hubs.Commands.SendAsync(command, Ctx.New());
    }

    private static int[] Years(AuditedState? state) => [.. ((Region)state!.State).Figures.Keys];

    [Fact]
    public async Task checkpoints_are_stored_at_every_interval_with_the_hash_of_the_event_they_stand_on()
    {
        var history = await Audit.HistoryAsync("region:cp").ListAsync();
        var rows = await _hubs.ScalarAsync<string>(
            "select string_agg((data->>'version') || '=' || (data->>'hash'), ',' order by (data->>'version')::bigint) from mt_doc_hubs_checkpoint");

        rows.ShouldBe($"4={history[3].Hash},8={history[7].Hash}");
    }

    [Fact]
    public async Task cluster_and_enterprise_states_survive_a_checkpoint_round_trip()
    {
        await Tracking.SeedStory.LoadAsync(_hubs.Commands);

        var kinds = await _hubs.ScalarAsync<string>(
            "select string_agg(distinct split_part(data->>'streamKey', ':', 1), ',') from mt_doc_hubs_checkpoint");
        var report = await Audit.VerifyAsync();
        var enterprise = await Audit.StateAsync("enterprise:joygovai");

        kinds.ShouldBe("cluster,enterprise,rate,region");
        report.Breaks.ShouldBeEmpty("verify folds every checkpointed stream and compares each stored state with the fold");
        enterprise!.CheckpointVersion.ShouldBe(4);
        ((Enterprises.Enterprise)enterprise.State).ShouldBeEquivalentTo(
            (Enterprises.Enterprise)(await Audit.StateAsync("enterprise:joygovai", fullReplay: true))!.State);
    }

    [Fact]
    public async Task time_travel_folds_from_the_nearest_checkpoint_and_agrees_with_a_full_replay()
    {
        var byVersion = await Audit.StateAsync("region:cp", StatePoint.AtVersion(10));
        var byInstant = await Audit.StateAsync("region:cp", StatePoint.AtInstant(_recordedAt[5])); // version 6
        var early = await Audit.StateAsync("region:cp", StatePoint.AtVersion(3));
        var full = await Audit.StateAsync("region:cp", StatePoint.AtVersion(10), fullReplay: true);

        byVersion!.CheckpointVersion.ShouldBe(8);
        byVersion.Version.ShouldBe(10);
        Years(byVersion).ShouldBe([.. Enumerable.Range(2000, 9)]);
        full!.CheckpointVersion.ShouldBeNull();
        byVersion.ShouldBe(full with { CheckpointVersion = 8, State = byVersion.State });
        Years(full).ShouldBe(Years(byVersion));
        byInstant!.CheckpointVersion.ShouldBe(4, "the checkpoint at 8 was recorded after the instant");
        byInstant.Version.ShouldBe(6);
        Years(byInstant).ShouldBe([.. Enumerable.Range(2000, 5)]);
        early!.CheckpointVersion.ShouldBeNull("no checkpoint lies at or before version 3");
        (await _hubs.Queries.GetRegionAsync("cp", StatePoint.AtVersion(10)))!.Figures.Keys.ShouldBe(Years(full), "HubsQueries agrees");
    }

    [Fact]
    public async Task a_writer_with_a_cold_cache_starts_from_the_checkpoint_and_continues_the_chain()
    {
        var cold = new HubsCommands(_hubs.Store, _hubs.Services.GetRequiredService<HubsOptions>());

        var result = await cold.SendAsync(new ReviseRdIntensity("cp", 2001, 9.99m, null, null, new DateOnly(2004, 1, 1), "NBS", "census"), Ctx.New());
        await cold.SendAsync(new ReportRdIntensity("cp", 2010, 2m, null, null, new DateOnly(2011, 9, 1), "NBS"), Ctx.New());

        result.Streams.ShouldBe([new StreamVersion("region:cp", 12)]);
        (await Audit.VerifyAsync()).Breaks.ShouldBeEmpty("the new events chain onto version 11 and the checkpoint at 12 matches a fold");
        (await _hubs.ScalarAsync<long>("select count(*) from mt_doc_hubs_checkpoint")).ShouldBe(3);
        var now = await Audit.StateAsync("region:cp");
        now!.CheckpointVersion.ShouldBe(12);
        ((Region)now.State).Figures[2001].IntensityPct.ShouldBe(9.99m);
    }

    [Fact]
    public async Task a_checkpoint_whose_state_was_changed_is_reported_by_verify_and_avoided_by_a_full_replay()
    {
        (await _hubs.ExecuteAsync("""
            update mt_doc_hubs_checkpoint set data = jsonb_set(data, '{state}',
                to_jsonb(replace(data->>'state', '"intensityPct":1.1', '"intensityPct":7.7'))) where id = 'region:cp@8'
            """)).ShouldBe(1);

        var report = await Audit.VerifyAsync();

        report.Breaks.Select(b => (b.StreamKey, b.Version, b.Kind)).ShouldBe([("region:cp", 8L, BreakKind.CheckpointMismatch)]);
        report.Breaks[0].Detail.ShouldContain("whose seal is not the one the chain carries");
        ((Region)(await Audit.StateAsync("region:cp", fullReplay: true))!.State).Figures[2001].IntensityPct.ShouldBe(1.1m);
    }

    [Fact]
    public async Task time_travel_refuses_a_checkpoint_whose_state_was_changed_and_folds_the_events_instead()
    {
        (await _hubs.ExecuteAsync("""
            update mt_doc_hubs_checkpoint set data = jsonb_set(data, '{state}',
                to_jsonb(replace(data->>'state', '"intensityPct":1.1', '"intensityPct":7.7'))) where id = 'region:cp@8'
            """)).ShouldBe(1);

        var state = await Audit.StateAsync("region:cp", StatePoint.AtVersion(10));

        ((Region)state!.State).Figures[2001].IntensityPct.ShouldBe(1.1m, "the edited checkpoint's 7.7 must never be read");
        state.CheckpointVersion.ShouldBeNull();
        state.RefusedCheckpointVersion.ShouldBe(8);
    }

    [Fact]
    public async Task every_checkpoint_is_sealed_in_the_hash_of_the_event_it_stands_on()
    {
        var history = await Audit.HistoryAsync("region:cp").ListAsync();
        var states = await _hubs.ScalarAsync<string>(
            "select string_agg(data->>'state', '|' order by (data->>'version')::bigint) from mt_doc_hubs_checkpoint");

        history.Where(e => e.CheckpointSeal.Length > 0).Select(e => e.Version).ShouldBe([4L, 8L]);
        history[3].CheckpointSeal.ShouldBe(HashChain.StateSeal(states.Split('|')[0]));
        (await _hubs.ExecuteAsync("update mt_events set headers = headers - 'checkpoint' where stream_id = 'region:cp' and version = 4"))
            .ShouldBe(1);
        (await Audit.VerifyAsync()).Breaks.Select(b => (b.Version, b.Kind)).ShouldContain((4L, BreakKind.HashMismatch),
            "the seal is covered by the hash: removing it is tampering");
    }

    [Fact]
    public async Task an_export_with_sealed_checkpoints_verifies_with_the_documented_script()
    {
        var export = Path.GetTempFileName();
        try
        {
            await using (var file = File.Create(export))
                await Audit.ExportAsync(file, ExportFormat.JsonLines);

            var (code, output) = await ExportTests.RunScriptAsync(export);

            code.ShouldBe(0, output);
            output.ShouldContain("0 breaks");
        }
        finally
        {
            File.Delete(export);
        }
    }

    [Fact]
    public async Task a_command_never_decides_on_an_edited_checkpoint()
    {
        // region:member v1 registered, v2 assigned to cluster a, v3-v4 two years: the checkpoint at 4 says cluster a.
        await SendAsync(new Clusters.EstablishCluster("a", "A", "City A", new DateOnly(2020, 1, 1)));
        await SendAsync(new Clusters.EstablishCluster("b", "B", "City B", new DateOnly(2020, 1, 1)));
        await SendAsync(new RegisterRegion("member", "Member", RegionKind.Province));
        await SendAsync(new Clusters.JoinCluster("a", "member", new DateOnly(2021, 1, 1)));
        await SendAsync(new ReportRdIntensity("member", 2020, 1m, null, null, new DateOnly(2021, 9, 1), "NBS"));
        await SendAsync(new ReportRdIntensity("member", 2021, 1m, null, null, new DateOnly(2022, 9, 1), "NBS"));
        (await _hubs.ExecuteAsync("""
            update mt_doc_hubs_checkpoint set data = jsonb_set(data, '{state}',
                to_jsonb(replace(data->>'state', '"clusterId":"a"', '"clusterId":null'))) where id = 'region:member@4'
            """)).ShouldBe(1, "the checkpoint at version 4 records the membership");
        var cold = new HubsCommands(_hubs.Store, _hubs.Services.GetRequiredService<HubsOptions>());

        var rejection = await Should.ThrowAsync<CommandRejectedException>(() =>
            cold.SendAsync(new Clusters.JoinCluster("b", "member", new DateOnly(2022, 1, 1)), Ctx.New()));

        rejection.Code.ShouldBe("region-in-another-cluster");
        (await _hubs.Queries.GetClusterAsync("b"))!.Members.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_checkpoint_whose_anchor_no_longer_matches_is_ignored_by_time_travel_and_reported()
    {
        (await _hubs.ExecuteAsync("update mt_doc_hubs_checkpoint set data = jsonb_set(data, '{hash}', '\"0000\"') where id = 'region:cp@8'"))
            .ShouldBe(1);

        var state = await Audit.StateAsync("region:cp", StatePoint.AtVersion(10));
        var report = await Audit.VerifyAsync();

        state!.CheckpointVersion.ShouldBeNull("a checkpoint not anchored to the stored hash is not trusted; the stream is folded whole");
        Years(state).ShouldBe([.. Enumerable.Range(2000, 9)]);
        report.Breaks.Select(b => (b.Version, b.Kind)).ShouldBe([(8L, BreakKind.CheckpointMismatch)]);
        report.Breaks[0].Detail.ShouldContain("anchored to hash '0000'");
    }

    [Fact]
    public async Task a_checkpoint_of_another_state_shape_is_ignored_for_an_earlier_one_and_not_verified()
    {
        var shape = RegionModule.Module.StateVersion;
        (await _hubs.ScalarAsync<int>($"select count(*) from mt_doc_hubs_checkpoint where (data->>'stateVersion')::int = {shape}"))
            .ShouldBe(2, "every checkpoint says which state shape it holds");
        // As if a later release had changed the shape of Region: its checkpoints are of the next version, unknown here. The
        // state is deliberately garbled too, so reading it would show.
        (await _hubs.ExecuteAsync(
                $"update mt_doc_hubs_checkpoint set data = data || '{{\"stateVersion\": {shape + 1}, \"state\": \"{{}}\"}}'::jsonb where id = 'region:cp@8'"))
            .ShouldBe(1);

        var state = await Audit.StateAsync("region:cp", StatePoint.AtVersion(10));
        var report = await Audit.VerifyAsync();

        state!.CheckpointVersion.ShouldBe(4, "the nearest checkpoint of the current shape");
        Years(state).ShouldBe([.. Enumerable.Range(2000, 9)]);
        report.Breaks.ShouldBeEmpty("a checkpoint of another shape is never read, so there is nothing to report");
    }
}
