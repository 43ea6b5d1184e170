using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hubs.EventSourcing.IntegrationTests.Hosting;

/// <summary>
/// Cold start: a store whose schema was applied once does no schema work on the next start, notices a changed
/// configuration, and <see cref="HubsSchema.ApplyChangesAsync"/> repairs what was changed behind the fingerprint's back.
/// Each test is its own schema, each "start" its own container and Marten store, as a new process would have.
/// </summary>
public sealed class SchemaFingerprintTests
{
    /// <summary>A document the library does not have: registering it is a change of configuration.</summary>
    public sealed record ExtraDocument(string Id);

    [Fact]
    public async Task the_second_start_on_an_applied_schema_does_no_schema_work_and_the_store_works()
    {
        await using var schema = await Schema.NewAsync();
        await using (var first = schema.Start())
            (await HubsSchema.ApplyChangesIfNeededAsync(first.Store)).Outcome.ShouldBe(SchemaCheckOutcome.Applied, "a new schema is applied");

        await using var second = schema.Start();
        var check = await HubsSchema.ApplyChangesIfNeededAsync(second.Store);

        check.Outcome.ShouldBe(SchemaCheckOutcome.Unchanged, "the same configuration on an applied schema is recognised by its fingerprint");
        (await HubsSchema.IsCurrentAsync(second.Store)).ShouldBeTrue();
        await second.Commands.SendAsync(new RegisterRegion("fingerprinted", "Fingerprinted", RegionKind.Province), Ctx.New());
        (await second.Queries.GetRegionAsync("fingerprinted"))!.Name.ShouldBe("Fingerprinted", "commands and reads work without a schema check");
    }

    [Fact]
    public async Task a_changed_configuration_is_detected_and_applied()
    {
        await using var schema = await Schema.NewAsync();
        await using (var first = schema.Start())
            await HubsSchema.ApplyChangesIfNeededAsync(first.Store);

        await using var changed = schema.Start(o => o.Schema.For<ExtraDocument>());
        (await HubsSchema.IsCurrentAsync(changed.Store)).ShouldBeFalse("a new document type changes the fingerprint");
        var check = await HubsSchema.ApplyChangesIfNeededAsync(changed.Store);

        check.Outcome.ShouldBe(SchemaCheckOutcome.Applied);
        (await schema.ScalarAsync($"select to_regclass('{schema.Name}.mt_doc_schemafingerprinttests_extradocument') is not null")).ShouldBe(true,
            "the new document's table was created");
        (await HubsSchema.ApplyChangesIfNeededAsync(changed.Store)).Outcome.ShouldBe(SchemaCheckOutcome.Unchanged);
    }

    [Fact]
    public async Task migrate_checks_everything_again_and_repairs_a_table_dropped_by_hand()
    {
        await using var schema = await Schema.NewAsync();
        await using (var first = schema.Start())
            await HubsSchema.ApplyChangesIfNeededAsync(first.Store);
        await schema.ScalarAsync($"drop table {schema.Name}.mt_doc_processedcommand; select true");

        await using var next = schema.Start();
        (await HubsSchema.ApplyChangesIfNeededAsync(next.Store)).Outcome.ShouldBe(SchemaCheckOutcome.Unchanged,
            "a matching fingerprint is trusted (this is what makes the start cheap)");
        var migrated = await HubsSchema.ApplyChangesAsync(next.Store);

        migrated.Outcome.ShouldBe(SchemaCheckOutcome.Applied);
        (await schema.ScalarAsync($"select to_regclass('{schema.Name}.mt_doc_processedcommand') is not null")).ShouldBe(true,
            "migrate compared the database with the configuration and created the missing table");
    }

    [Fact]
    public async Task concurrent_first_starts_on_a_new_schema_apply_it_once_and_all_succeed()
    {
        await using var schema = await Schema.NewAsync();
        var starts = Enumerable.Range(0, 3).Select(_ => schema.Start()).ToArray();
        try
        {
            var checks = await Task.WhenAll(starts.Select(s => HubsSchema.ApplyChangesIfNeededAsync(s.Store)));
            checks.Count(c => c.Outcome == SchemaCheckOutcome.Applied).ShouldBe(1, "the others waited on the lock and then found the fingerprint");
        }
        finally
        {
            foreach (var s in starts) await s.DisposeAsync();
        }
    }

    private sealed class Schema : IAsyncDisposable
    {
        private readonly string _connection;
        public string Name { get; }

        private Schema(string connection, string name) => (_connection, Name) = (connection, name);

        public static async Task<Schema> NewAsync() =>
            new(await TestPostgres.ConnectionStringAsync(), "fingerprint_" + Guid.NewGuid().ToString("N")[..8]);

        public Started Start(Action<StoreOptions>? configure = null)
        {
            var services = new ServiceCollection();
            services.AddMarten(o =>
            {
                o.Connection(_connection);
                o.DatabaseSchemaName = Name;
                configure?.Invoke(o);
            });
            services.AddHubsEventSourcing();
            return new Started(services.BuildServiceProvider());
        }

        public async Task<object?> ScalarAsync(string sql)
        {
            await using var conn = new NpgsqlConnection(_connection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            return await cmd.ExecuteScalarAsync();
        }

        public async ValueTask DisposeAsync() => await ScalarAsync($"drop schema if exists {Name} cascade");
    }

    private sealed class Started(ServiceProvider provider) : IAsyncDisposable
    {
        public IDocumentStore Store => provider.GetRequiredService<IDocumentStore>();
        public HubsCommands Commands => provider.GetRequiredService<HubsCommands>();
        public HubsQueries Queries => provider.GetRequiredService<HubsQueries>();
        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }
}
