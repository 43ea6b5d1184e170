using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;
using Hubs.EventSourcing.Regions;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests;

public sealed class HashChainStoreTests(ClassStore<HashChainStoreTests> fx) : IClassFixture<ClassStore<HashChainStoreTests>>
{
    [Theory]
    [InlineData("{\"year\":2024,\"a\":1.50,\"regionId\":\"x\",\"bb\":[1,2.0,-0.0,{\"k\":\"v\"}]}")]
    [InlineData("{\"s\":\"\\u5317\\u4eac\\t\\\"quoted\\\" \\\\ slash/ \\u0001 emoji \\ud83d\\ude00\"}")]
    [InlineData("{\"n\":1.5E+3,\"m\":12345678901234567890.123456789,\"z\":0.000,\"e\":1e-7}")]
    [InlineData("{\"aa\":1,\"b\":2,\"ab\":3,\"B\":4,\"é\":5,\"z\":6}")]
    public async Task the_predicted_jsonb_text_equals_what_postgresql_prints(string json)
    {
        await using var conn = new NpgsqlConnection(fx.Hubs.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select $1::jsonb::text", conn) { Parameters = { new() { Value = json } } };
        var stored = (string)(await cmd.ExecuteScalarAsync())!;

        JsonbText.Canonicalize(json).ShouldBe(stored);
    }

    [Fact]
    public async Task every_stored_hash_recomputes_from_the_stored_row_and_chains_to_the_previous_one()
    {
        var ctx = new CommandContext("analyst:li", "seed", "NBS", Guid.NewGuid(), "corr-1") { CausationId = "c-9" };
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("chain-a", "Chain “A” 北京", RegionKind.Province), ctx);
        await fx.Hubs.Commands.SendAsync(new ReportRdIntensity("chain-a", 2024, 3.60m, 1234.50m, "CNY 100m", new DateOnly(2025, 9, 1), "NBS"), Ctx.New());
        fx.Clock.Advance(TimeSpan.FromTicks(12345));
        await fx.Hubs.Commands.SendAsync(new ReviseRdIntensity("chain-a", 2024, 3.61m, null, null, new DateOnly(2025, 12, 1), "NBS", "revised"), Ctx.New());

        await using var conn = new NpgsqlConnection(fx.Hubs.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            select stream_id, version, type, timestamp, user_name, headers->>'reason', headers->>'source', headers->>'commandId',
                   correlation_id, coalesce(causation_id, ''), data::text, headers->>'hash'
            from {fx.Hubs.Schema}.mt_events where stream_id = 'region:chain-a' order by version
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var previous = "";
        var count = 0;
        while (await reader.ReadAsync())
        {
            var link = new ChainLink(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9),
                reader.GetString(10), previous);
            var stored = reader.GetString(11);
            HashChain.Compute(link).ShouldBe(stored, $"version {link.Version}");
            previous = stored;
            count++;
        }
        count.ShouldBe(3);
    }
}
