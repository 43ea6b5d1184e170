using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.EventLog;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.IntegrationTests.Storage;

/// <summary>The library's own SQL names Marten's tables and columns; these must be what Marten actually creates.</summary>
public sealed class MartenTablesTests(ClassStore<MartenTablesTests> fx) : IClassFixture<ClassStore<MartenTablesTests>>
{
    private async Task<HashSet<string>> ColumnsAsync(string table)
    {
        var csv = await fx.Hubs.ScalarAsync<string>(
            $"select coalesce(string_agg(column_name, ','), '') from information_schema.columns where table_schema = '{fx.Hubs.Schema}' and table_name = '{table}'");
        return csv.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public async Task every_table_sequence_and_column_the_library_names_exists_in_the_schema_marten_creates()
    {
        // A write creates everything: event tables, the checkpoint table (at the first head load), the processed-command table.
        await fx.Hubs.Commands.SendAsync(new RegisterRegion("mt-names", "Names", RegionKind.Province), Ctx.New());

        foreach (var (table, columns) in new[]
                 {
                     (MartenTables.Events, MartenTables.EventColumns), (MartenTables.Streams, MartenTables.StreamColumns),
                     (MartenTables.Checkpoints, MartenTables.DocumentColumns), (MartenTables.ProcessedCommands, MartenTables.DocumentColumns),
                 })
        {
            var actual = await ColumnsAsync(table);
            actual.ShouldNotBeEmpty($"Marten should create the table {table}");
            columns.Where(c => !actual.Contains(c)).ShouldBeEmpty($"the columns of {table} the library names should exist");
        }
        (await fx.Hubs.ScalarAsync<long>(
                $"select count(*) from information_schema.sequences where sequence_schema = '{fx.Hubs.Schema}' and sequence_name = '{MartenTables.EventSequence}'"))
            .ShouldBe(1, "the COPY writer draws sequence numbers from Marten's own event sequence");
        (await fx.Hubs.ScalarAsync<long>(
                $"select count(*) from information_schema.routines where routine_schema = '{fx.Hubs.Schema}' and routine_name = '{MartenTables.QuickAppendFunction}'"))
            .ShouldBe(1, "the one-trip path of single commands calls Marten's own append function");
    }
}
