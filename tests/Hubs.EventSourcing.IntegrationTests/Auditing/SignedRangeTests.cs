using System.Security.Cryptography;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>A signed store, a second store signed with the same key (a staging database), and a store written without a key.</summary>
public sealed class SignedRangeStores : IAsyncLifetime
{
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public HubsTestStore Signed { get; private set; } = null!;
    public HubsTestStore Staging { get; private set; } = null!;
    public HubsTestStore Unsigned { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Signed = await HubsTestStore.CreateAsync("SignedRangeTests.Signed", o => o.SigningKey = Key);
        Staging = await HubsTestStore.CreateAsync("SignedRangeTests.Staging", o => o.SigningKey = Key);
        Unsigned = await HubsTestStore.CreateAsync("SignedRangeTests.Unsigned");
    }

    public async Task DisposeAsync()
    {
        await Signed.DisposeAsync();
        await Staging.DisposeAsync();
        await Unsigned.DisposeAsync();
    }
}

/// <summary>
/// Signed ranges tile each stream: a version no signature covers is found wherever it sits, a signing writer never builds on
/// such a version, and a record signed for another store, edited or unreadable covers nothing and is reported, never a crash.
/// </summary>
public sealed class SignedRangeTests(SignedRangeStores fx) : IClassFixture<SignedRangeStores>
{
    private static ReportRdIntensity Report(string regionId, int year) =>
        new(regionId, year, 2.6m, null, null, new DateOnly(year + 1, 9, 1), "NBS");

    [Fact]
    public async Task a_signing_writer_refuses_to_build_on_a_forged_version_and_verify_still_locates_it()
    {
        var key = await fx.Signed.SeedRegionAsync("refuse-forged");
        await SigningTests.ForgeAppendAsync(fx.Signed, key);

        var refused = await Should.ThrowAsync<CommandRejectedException>(() => fx.Signed.Commands.SendAsync(Report("refuse-forged", 2022), Ctx.New()));
        var report = await fx.Signed.Audit.VerifyAsync();

        refused.Code.ShouldBe("unsigned-head", refused.Message);
        refused.Message.ShouldContain($"Stream '{key}' is at version 4");
        (await fx.Signed.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{key}'")).ShouldBe(4L, "nothing was written on top of the forgery");
        report.BreaksOf(key).ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Version == 4, string.Join("; ", report.Breaks));
    }

    [Fact]
    public async Task a_version_forged_under_a_later_signed_write_is_located_where_it_sits()
    {
        var key = await fx.Signed.SeedRegionAsync("laundered");
        await SigningTests.ForgeAppendAsync(fx.Signed, key);
        // A writer that trusted the forged head (what every signed write did before ranges): it signs v5 on top of it.
        var forged = (await fx.Signed.Commands.Heads.LoadAsync([key], useCache: false, default))[key];
        fx.Signed.Commands.Heads.Remember(forged with { Signed = true });
        (await fx.Signed.Commands.SendAsync(Report("laundered", 2022), Ctx.New())).Streams.ShouldBe([new StreamVersion(key, 5)]);

        var report = await fx.Signed.Audit.VerifyAsync();

        var found = report.BreaksOf(key).ShouldHaveSingleItem(string.Join("; ", report.Breaks));
        (found.Kind, found.Version).ShouldBe((BreakKind.SignatureMismatch, 4L));
        found.Detail.ShouldContain("although later versions are signed");
    }

    [Fact]
    public async Task a_stream_written_before_signing_is_refused_and_a_head_another_writer_signed_with_the_key_is_built_on()
    {
        var before = await fx.Unsigned.SeedRegionAsync("pre-signing");
        await using var signingOnUnsigned = SigningStores.Services(fx.Unsigned, o => o.SigningKey = fx.Key);
        var signedKey = await fx.Signed.SeedRegionAsync("other-writer");
        await using var secondWriter = SigningStores.Services(fx.Signed, o => o.SigningKey = fx.Key);

        var refused = await Should.ThrowAsync<CommandRejectedException>(() =>
            signingOnUnsigned.GetRequiredService<HubsCommands>().SendAsync(Report("pre-signing", 2022), Ctx.New()));
        var fresh = await signingOnUnsigned.GetRequiredService<HubsCommands>().SendAsync(new RegisterRegion("post-signing", "P", RegionKind.Province), Ctx.New());
        var builtOn = await secondWriter.GetRequiredService<HubsCommands>().SendAsync(Report("other-writer", 2022), Ctx.New());

        (refused.Code, refused.Field, refused.Value).ShouldBe(("unsigned-head", "streamKey", (object)before));
        refused.Message.ShouldContain("version 3");
        (await fx.Unsigned.ScalarAsync<long>($"select count(*) from mt_events where stream_id = '{before}'")).ShouldBe(3L);
        fresh.Outcome.ShouldBe(CommandOutcome.Appended, "a new stream starts signed");
        builtOn.Streams.ShouldBe([new StreamVersion(signedKey, 4)], "a head signed by another process with the key is looked up and accepted");
    }

    [Fact]
    public async Task the_bulk_path_and_a_streamed_import_refuse_an_unsigned_head_too_and_unsigned_records_are_not_reported_unreadable()
    {
        var ids = Enumerable.Range(0, 3).Select(i => $"pre-bulk-{i}").ToArray();
        await fx.Unsigned.Commands.SendBatchAsync(ids.Select(id => (IHubsCommand)new RegisterRegion(id, id, RegionKind.Province)).ToList(), Ctx.New());
        await using var signing = SigningStores.Services(fx.Unsigned, o => o.SigningKey = fx.Key);
        var commands = signing.GetRequiredService<HubsCommands>();
        commands.BulkThreshold = 1;
        commands.ImportChunkSize = 2;
        var reports = ids.SelectMany(id => new[] { Report(id, 2020), Report(id, 2021) }).Cast<IHubsCommand>().ToList();

        var bulk = await Should.ThrowAsync<CommandRejectedException>(() => commands.SendBatchAsync(reports, Ctx.New()));
        var streamed = await Should.ThrowAsync<CommandRejectedException>(() => commands.ImportAsync(reports.ToAsyncEnumerable(), Ctx.New()));
        await using var auditor = SigningStores.Services(fx.Unsigned, o => o.VerificationKey = fx.Key);
        var report = await auditor.GetRequiredService<HubsAudit>().VerifyAsync();

        bulk.Violations.Select(v => (v.Code, v.Value)).ShouldBe(ids.Select(id => ("unsigned-head", (object?)Keys.Region(id))), ignoreOrder: true);
        streamed.Code.ShouldBe("unsigned-head");
        (await fx.Unsigned.ScalarAsync<long>($"select count(*) from mt_events where stream_id like 'region:pre-bulk-%'")).ShouldBe(3L, "nothing was written");
        report.Breaks.ShouldNotContain(b => b.Detail.Contains("unreadable"), "records written without a key sign nothing and are not malformed");
        report.BreaksOf(Keys.Region(ids[0])).ShouldHaveSingleItem().Detail.ShouldContain("no signature by key");
    }

    [Fact]
    public async Task malformed_signed_records_are_located_and_never_crash_verify()
    {
        var edited = await fx.Signed.SeedRegionAsync("malformed");
        var keyId = ChainSigning.KeyId(fx.Key);
        await InsertRecordAsync("""{"id": "11111111-1111-1111-1111-111111111111", "signature": "AAAA", "heads": "oops"}""");
        await InsertRecordAsync($$"""{"recipe": "hubs-heads-v2", "keyId": "{{keyId}}", "signature": "!!", "ranges": "oops", "streams": ["{{edited}}"]}""");
        await InsertRecordAsync("""["signature"]""");
        await fx.Signed.ExecuteAsync(
            $"update mt_doc_processedcommand set data = jsonb_set(data, '{{ranges,0,stream}}', 'null') where data->'ranges' @> '[{{\"stream\": \"{edited}\", \"to\": 3}}]'");
        await fx.Signed.ExecuteAsync(
            $"update mt_doc_processedcommand set data = jsonb_set(data, '{{signature}}', '\"%%%\"') where data->'ranges' @> '[{{\"stream\": \"{edited}\", \"to\": 2}}]'");

        var report = await fx.Signed.Audit.VerifyAsync();

        var breaks = report.BreaksOf(edited);
        breaks.ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Detail.Contains("unreadable"), string.Join("; ", report.Breaks));
        breaks.ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Version == 2 && b.Detail.Contains("does not verify"));
        breaks.ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Version == 2 && b.Detail.Contains("covered by no signature"));
        report.Breaks.ShouldContain(b => b.StreamKey == "" && b.Detail.Contains("not an object"));
        report.Breaks.ShouldContain(b => b.Detail.Contains("hubs-heads-v1"));
    }

    [Fact]
    public async Task a_unit_of_work_copied_with_its_events_from_another_store_signed_with_the_same_key_is_located()
    {
        await fx.Staging.Commands.SendAsync(new RegisterRegion("copied", "Copied", RegionKind.Province), Ctx.New());
        var key = Keys.Region("copied");
        var (to, from) = (fx.Signed.Schema, fx.Staging.Schema);
        await fx.Signed.ExecuteAsync($"""
            insert into {to}.mt_streams select * from {from}.mt_streams where id = '{key}';
            insert into {to}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived,
                                        correlation_id, causation_id, headers, user_name)
            select nextval('{to}.mt_events_sequence'), id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived,
                   correlation_id, causation_id, headers, user_name from {from}.mt_events where stream_id = '{key}';
            insert into {to}.mt_doc_processedcommand select * from {from}.mt_doc_processedcommand where data->'streams' ? '{key}';
            """);

        var report = await fx.Signed.Audit.VerifyAsync();

        report.BreaksOf(key).ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Version == 1 && b.Detail.Contains("signed for another store"),
            string.Join("; ", report.Breaks));
    }

    [Fact]
    public async Task a_signed_stream_of_a_module_the_verifier_lacks_is_listed_as_not_checked_and_never_called_removed()
    {
        // The model is process-wide, so a writer holding a module this process lacks is played by SQL and a record signed with
        // the key for this store, exactly as that writer's unit of work would be.
        const string foreign = "plan:guangdong-14";
        var source = await fx.Signed.SeedRegionAsync("plan-source");
        await fx.Signed.ExecuteAsync($"""
            insert into mt_streams (id, type, version, timestamp, tenant_id, is_archived)
            select '{foreign}', type, 1, timestamp, tenant_id, false from mt_streams where id = '{source}';
            insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived,
                                   correlation_id, causation_id, headers, user_name)
            select nextval('mt_events_sequence'), gen_random_uuid(), '{foreign}', 1, data, 'plan_recorded', timestamp, tenant_id, mt_dotnet_type,
                   false, correlation_id, causation_id, headers, user_name from mt_events where stream_id = '{source}' and version = 1;
            """);
        var storeId = await StoreIdentity.GetOrCreateAsync(fx.Signed.Store, TimeProvider.System, default);
        var record = new ProcessedCommand { Id = Guid.NewGuid(), Streams = [foreign], AppliedAt = HashChain.ToMicroseconds(DateTimeOffset.UtcNow), Fingerprint = "f" };
        ChainSigning.Sign(record, [new SignedRange(foreign, 1, 1, "", "its-hash")], fx.Key, ChainSigning.KeyId(fx.Key), storeId);
        await using (var session = fx.Signed.Store.LightweightSession())
        {
            session.Insert(record);
            await session.SaveChangesAsync();
        }

        var present = await fx.Signed.Audit.VerifyAsync();
        await fx.Signed.ExecuteAsync($"delete from mt_events where stream_id = '{foreign}'; delete from mt_streams where id = '{foreign}'");
        var absent = await fx.Signed.Audit.VerifyAsync();

        present.BreaksOf(foreign).ShouldBeEmpty("a stream this process cannot read is not checked, never reported removed");
        present.StreamsOutsideChains.ShouldContain(new UnownedStream(foreign, 1));
        absent.BreaksOf(foreign).ShouldBeEmpty();
        absent.StreamsOutsideChains.ShouldContain(new UnownedStream(foreign, 0), "signed, not checked, and said so");
    }

    private Task<int> InsertRecordAsync(string json) => fx.Signed.ExecuteAsync(
        $"insert into mt_doc_processedcommand (id, data, mt_version, mt_dotnet_type, mt_last_modified) values (gen_random_uuid(), '{json}', gen_random_uuid(), " +
        "'Hubs.EventSourcing.Storage.ProcessedCommand', now())");
}
