using System.Security.Cryptography;
using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>Two stores: one without a signing key, one whose heads are signed (ECDSA P-256).</summary>
public sealed class SigningStores : IAsyncLifetime
{
    public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public HubsTestStore Unsigned { get; private set; } = null!;
    public HubsTestStore Signed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Unsigned = await HubsTestStore.CreateAsync("SigningTests.Unsigned");
        Signed = await HubsTestStore.CreateAsync("SigningTests.Signed", o => o.SigningKey = Key);
    }

    public async Task DisposeAsync()
    {
        await Unsigned.DisposeAsync();
        await Signed.DisposeAsync();
    }

    /// <summary>The signed store's schema seen by a verifier holding only the public key.</summary>
    public ServiceProvider Verifier(ECDsa publicKey) => Services(Signed, o => o.VerificationKey = publicKey);

    /// <summary>Another process's view of <paramref name="store"/>'s schema, with its own options (a second writer, an auditor).</summary>
    public static ServiceProvider Services(HubsTestStore store, Action<HubsOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(store.ConnectionString);
            o.DatabaseSchemaName = store.Schema;
        });
        services.AddHubsEventSourcing(configure);
        return services.BuildServiceProvider();
    }
}

/// <summary>
/// A forged append whose hash is computed correctly by the public recipe passes the chain; with signed heads it is found.
/// </summary>
public sealed class SigningTests(SigningStores fx) : IClassFixture<SigningStores>
{
    [Fact]
    public async Task a_forged_append_with_a_correct_hash_passes_unsigned_verify_as_documented_and_is_named_by_signed_verify()
    {
        var plain = await fx.Unsigned.SeedRegionAsync("forge-plain");
        await ForgeAppendAsync(fx.Unsigned, plain);
        var signed = await fx.Signed.SeedRegionAsync("forge-signed");
        (await fx.Signed.Audit().VerifyAsync()).BreaksOf(signed).ShouldBeEmpty("every head the library wrote is signed");
        await ForgeAppendAsync(fx.Signed, signed);

        var unsignedReport = await fx.Unsigned.Audit().VerifyAsync();
        var signedReport = await fx.Signed.Audit().VerifyAsync();

        unsignedReport.BreaksOf(plain).ShouldBeEmpty("without a key the recipe has no secret: a correctly hashed forgery is indistinguishable");
        var found = signedReport.BreaksOf(signed).ShouldHaveSingleItem($"only the unsigned head: {string.Join("; ", signedReport.Breaks)}");
        (found.Kind, found.Version).ShouldBe((BreakKind.SignatureMismatch, 4L));
        found.Detail.ShouldContain("the last signed version is 3");
    }

    [Fact]
    public async Task every_write_path_signs_and_a_verifier_with_only_the_public_key_finds_them_intact()
    {
        await fx.Signed.SeedRegionAsync("both-paths");
        var bulk = Enumerable.Range(0, 1_100).Select(i => (IHubsCommand)new RegisterRegion($"signed-bulk-{i}", "B", RegionKind.Province)).ToList();
        await fx.Signed.Commands.SendBatchAsync(bulk, Ctx.New());
        // A streamed import of several chunks onto those streams: one signed record for all its heads.
        var streamed = bulk.Cast<RegisterRegion>().Select(r => (IHubsCommand)new ReportRdIntensity(r.RegionId, 2020, 2m, null, null, new DateOnly(2021, 1, 1), "NBS"))
            .Concat(bulk.Cast<RegisterRegion>().Select(r => (IHubsCommand)new ReportRdIntensity(r.RegionId, 2021, 2m, null, null, new DateOnly(2022, 1, 1), "NBS")))
            .Concat(bulk.Cast<RegisterRegion>().Select(r => (IHubsCommand)new ReportRdIntensity(r.RegionId, 2022, 2m, null, null, new DateOnly(2023, 1, 1), "NBS")))
            .ToList();
        streamed.Count.ShouldBeGreaterThan(fx.Signed.Commands.ImportChunkSize);
        (await fx.Signed.Commands.ImportAsync(streamed.ToAsyncEnumerable(), Ctx.New())).Streams.Count.ShouldBe(bulk.Count);
        using var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(fx.Key.ExportSubjectPublicKeyInfo(), out _);
        await using var auditor = fx.Verifier(publicOnly);

        var report = await auditor.GetRequiredService<HubsAudit>().VerifyAsync();

        var keys = bulk.Cast<RegisterRegion>().Select(r => Keys.Region(r.RegionId)).Append(Keys.Region("both-paths")).ToHashSet();
        report.Breaks.Where(b => keys.Contains(b.StreamKey)).ShouldBeEmpty("the COPY path, the streamed import and Marten's append all sign their heads");
        (await fx.Signed.ScalarAsync<long>("select count(*) from mt_doc_processedcommand where data->>'signature' is not null"))
            .ShouldBeGreaterThanOrEqualTo(5L);
    }

    [Fact]
    public async Task an_edited_signed_record_and_a_deleted_signed_tail_are_reported_and_another_key_trusts_nothing()
    {
        var edited = await fx.Signed.SeedRegionAsync("edited-record");
        var cut = await fx.Signed.SeedRegionAsync("cut-tail");
        await fx.Signed.ExecuteAsync(
            $"update mt_doc_processedcommand set data = jsonb_set(data, '{{ranges,0,to}}', '7') where data->'ranges'->0->>'stream' = '{edited}' and (data->'ranges'->0->>'to')::int = 3");
        await fx.Signed.ExecuteAsync($"delete from mt_events where stream_id = '{cut}' and version = 3; update mt_streams set version = 2 where id = '{cut}'");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var wrongKey = fx.Verifier(other);

        var report = await fx.Signed.Audit().VerifyAsync();
        var withOtherKey = await wrongKey.GetRequiredService<HubsAudit>().VerifyAsync();

        report.BreaksOf(edited).ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Detail.Contains("does not verify"));
        report.BreaksOf(edited).ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Version == 3);
        report.BreaksOf(cut).ShouldContain(b => b.Kind == BreakKind.SignatureMismatch && b.Version == 3 && b.Detail.Contains("tail was deleted"));
        withOtherKey.Breaks.Where(b => b.Kind == BreakKind.SignatureMismatch).Select(b => b.StreamKey).ShouldContain(Keys.Region("cut-tail"));
        withOtherKey.Breaks.ShouldAllBe(b => b.Kind != BreakKind.SignatureMismatch || b.Detail.Contains("no signature by key") || b.StreamKey == cut || b.StreamKey == edited);
    }

    [Fact]
    public void a_key_on_another_curve_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Should.Throw<ArgumentException>(() => new HubsOptions { SigningKey = p384 }).Message.ShouldContain("P-256");
    }

    /// <summary>
    /// What someone with write access to the database and the public recipe can do: append a version 4 copied from version 3
    /// with another figure, its hash computed exactly as docs/auditing.md says, and the stream record moved on.
    /// </summary>
    internal static async Task ForgeAppendAsync(HubsTestStore store, string key)
    {
        await store.ExecuteAsync($$"""
            insert into mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived,
                                   correlation_id, causation_id, headers, user_name)
            select nextval('mt_events_sequence'), gen_random_uuid(), stream_id, 4, jsonb_set(data, '{year}', '2021'), type, timestamp,
                   tenant_id, mt_dotnet_type, false, correlation_id, causation_id, headers, user_name
            from mt_events where stream_id = '{{key}}' and version = 3;
            update mt_streams set version = 4 where id = '{{key}}';
            """);
        var events = await store.Audit().HistoryAsync(key).ListAsync();
        var (previous, forged) = (events[^2], events[^1]);
        var hash = AuditTestKit.IndependentHash("hubs-chain-v1", key, "4", forged.EventType, forged.RecordedAtText, forged.Actor, forged.Reason,
            forged.Source, forged.CommandId, forged.CorrelationId, forged.CausationId, forged.Payload, previous.Hash);
        (await store.ExecuteAsync($"update mt_events set headers = jsonb_set(headers, '{{hash}}', '\"{hash}\"') where stream_id = '{key}' and version = 4"))
            .ShouldBe(1);
    }
}
