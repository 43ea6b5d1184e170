using Hubs.EventSourcing.Auditing;

namespace Hubs.EventSourcing.IntegrationTests.Auditing;

/// <summary>Columns the hash does not cover but that change how an event is read are checked by verify.</summary>
public sealed class MetadataTests(ClassStore<MetadataTests> fx) : IClassFixture<ClassStore<MetadataTests>>
{
    [Theory]
    [InlineData("archived", "set is_archived = true", "flagged archived")]
    [InlineData("clr-type", "set mt_dotnet_type = 'Evil.Type, Evil'", "its CLR type name is 'Evil.Type, Evil'")]
    [InlineData("tenant", "set tenant_id = 'other'", "its tenant is 'other'")]
    [InlineData("header", "set headers = headers || '{\"approvedBy\": \"ceo\"}'", "header keys the library never writes: approvedBy")]
    public async Task a_changed_uncovered_column_is_reported_where_it_is(string id, string change, string detail)
    {
        var key = await fx.Hubs.SeedRegionAsync("meta-" + id);
        (await fx.Hubs.ExecuteAsync($"update mt_events {change} where stream_id = '{key}' and version = 2")).ShouldBe(1);

        var report = await fx.Hubs.Audit().VerifyAsync();

        var found = report.BreaksOf(key).ShouldHaveSingleItem();
        (found.Version, found.Kind).ShouldBe((2L, BreakKind.MetadataMismatch));
        found.Detail.ShouldContain(detail);
        await fx.Hubs.ExecuteAsync($"delete from mt_events where stream_id = '{key}'; delete from mt_streams where id = '{key}'");
    }

    [Fact]
    public async Task events_written_by_both_write_paths_carry_exactly_the_metadata_the_library_expects()
    {
        await fx.Hubs.SeedRegionAsync("meta-clean");
        var bulk = Enumerable.Range(0, 1_100).Select(i => (IHubsCommand)new Regions.RegisterRegion($"meta-bulk-{i}", "B", RegionKind.Province)).ToList();
        await fx.Hubs.Commands.SendBatchAsync(bulk, Ctx.New());

        var report = await fx.Hubs.Audit().VerifyAsync();

        report.Breaks.Where(b => b.Kind == BreakKind.MetadataMismatch).ShouldBeEmpty();
    }
}
