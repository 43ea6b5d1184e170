using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>What the host promises about writes: a re-run writes nothing at all; a reused command id is refused.</summary>
public sealed class WriteTrustHostTests
{
    [Fact]
    public async Task a_second_demo_run_leaves_every_table_and_sequence_of_the_schema_as_it_was()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_second_demo_run_leaves_every_table_and_sequence_of_the_schema_as_it_was));
        var first = await HostProcess.RunAsync(db.Args("demo"));
        first.Code.ShouldBe(0, first.Err);
        var before = await RowsAsync(db);
        before["mt_events"].ShouldBeGreaterThan(45);

        var second = await HostProcess.RunAsync(db.Args("demo"));

        second.Code.ShouldBe(0, second.Err);
        (await RowsAsync(db)).ShouldBe(before, "a re-run adds no event, tombstone, document or idempotency row, and uses no sequence number");
    }

    [Fact]
    public async Task a_command_id_reused_for_a_different_command_is_rejected_with_exit_code_1()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_command_id_reused_for_a_different_command_is_rejected_with_exit_code_1));
        var id = Guid.NewGuid().ToString();
        var first = await HostProcess.RunAsync(db.Args("region", "register", "sichuan", "--command-id", id, "--actor", "analyst:li"));
        first.Code.ShouldBe(0, first.Err);
        var again = await HostProcess.RunAsync(db.Args("region", "register", "sichuan", "--command-id", id));
        again.Code.ShouldBe(0, again.Err);
        again.Out.ShouldContain("already applied");

        var other = await HostProcess.RunAsync(db.Args("region", "register", "chongqing", "--command-id", id));

        other.Code.ShouldBe(1, other.Err);
        other.Err.ShouldContain($"--command-id={id}: Command id {id} was first used at ");
        other.Err.ShouldContain("by analyst:li for register-region on region:sichuan");
        other.Err.ShouldContain("[command-id-reused]");
        (await db.EventCountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task a_rejection_names_the_argument_typed_and_reads_the_same_under_a_german_locale()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_rejection_names_the_argument_typed_and_reads_the_same_under_a_german_locale));

        var (code, _, err) = await HostProcess.RunAsync(["target", "set", "--region", "sichuan", "--value", "150.5", "--deadline", "2035", .. db.Options],
            new Dictionary<string, string> { ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" });

        code.ShouldBe(1, err);
        err.ShouldContain("--value=150.5: An R&D intensity target is a percentage of GDP greater than 0 and at most 100; got 150.5. [intensity-out-of-range]");
        err.ShouldNotContain("150,5");
        (await HostProcess.RunAsync(db.Args("target", "set", "--region", "sichuan", "--value", "3.5", "--deadline", "2035"))).Err
            .ShouldContain("--region='sichuan': Region 'sichuan' is not registered. [region-not-registered]");
    }

    /// <summary>Row count of every table and value of every sequence in the host's schema.</summary>
    private static async Task<Dictionary<string, long>> RowsAsync(TestDatabase db)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        var names = new List<(string Name, string Sql)>();
        await using (var list = new NpgsqlCommand(
            "select table_name, 'select count(*) from ' || quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables " +
            "where table_schema = $1 and table_type = 'BASE TABLE' union all " +
            "select 'sequence ' || sequence_name, 'select last_value from ' || quote_ident(sequence_schema) || '.' || quote_ident(sequence_name) " +
            "from information_schema.sequences where sequence_schema = $1", conn) { Parameters = { new() { Value = db.Schema } } })
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add((reader.GetString(0), reader.GetString(1)));
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, sql) in names)
        {
            await using var count = new NpgsqlCommand(sql, conn);
            rows[name] = Convert.ToInt64(await count.ExecuteScalarAsync());
        }
        return rows;
    }
}
