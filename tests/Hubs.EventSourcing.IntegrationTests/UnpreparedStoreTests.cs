using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>
/// A consumer who registers the library and goes (the README's code): nobody applies the schema first, so whatever the
/// library reads with its own SQL must create Marten's tables as Marten's own operations would.
/// </summary>
public sealed class UnpreparedStoreTests
{
    [Fact]
    public async Task reads_and_the_first_command_of_a_store_nobody_prepared_create_the_tables_they_need()
    {
        var connectionString = await TestPostgres.ConnectionStringAsync();
        var schema = "unprepared_" + Guid.NewGuid().ToString("N")[..8];
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = schema;
        });
        services.AddHubsEventSourcing();
        try
        {
            await using var provider = services.BuildServiceProvider();
            var audit = provider.GetRequiredService<HubsAudit>();

            (await audit.HistoryAsync("region:first").ListAsync()).ShouldBeEmpty("a read before any write finds nothing, not a missing table");
            await provider.GetRequiredService<HubsCommands>().SendAsync(new RegisterRegion("first", "First", RegionKind.Province), Ctx.New());

            (await provider.GetRequiredService<HubsQueries>().GetRegionAsync("first"))!.Name.ShouldBe("First");
            (await audit.StateAsync("region:first"))!.Version.ShouldBe(1);
            (await audit.VerifyAsync()).IsIntact.ShouldBeTrue();
        }
        finally
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", conn);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
