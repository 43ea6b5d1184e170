using System.Text;
using Npgsql;

namespace Hubs.SampleHost.Tests;

/// <summary>
/// The auditor's tools must not write to the store they audit: every command that only reads works under a role that may
/// only SELECT, and leaves the schema exactly as it found it (tables, row counts, the schema fingerprint).
/// </summary>
public sealed class ReadOnlyCommandTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task every_reader_works_under_a_select_only_role_and_changes_nothing(bool stamped)
    {
        var db = await TestDatabase.CreateAsync($"read_only_{stamped}");
        (await HostProcess.RunAsync(db.Args("demo"))).Code.ShouldBe(0);
        // Unstamped: a schema an application wrote through the library alone, which never creates the host's fingerprint table.
        if (!stamped) await db.ExecuteAsync($"drop table {db.Schema}.hubs_schema_fingerprint");
        var auditor = await SelectOnlyRoleAsync(db);
        var dir = Directory.CreateTempSubdirectory("hubs-ro-").FullName;
        string[][] readers =
        [
            ["verify"], ["verify", "--json", "--save-digest", Path.Combine(dir, "digest.json")],
            ["export", "--all", "--out", Path.Combine(dir, "all.jsonl")], ["export", "region:beijing", "--format", "csv"],
            ["evidence", "--out", Path.Combine(dir, "bundle")],
            ["history", "beijing"], ["replay", "cluster:yangtze-river-delta", "--version", "2"],
            ["report"], ["report", "--json"], ["report", "--html", Path.Combine(dir, "report.html")], ["report", "--known-at", "2023-12-31"],
            ["diff", "--from", "2020-01-01T00:00:00Z"], ["leaderboard"], ["leaderboard", "--json", "--year", "2022"],
        ];
        var before = await SnapshotAsync(db);

        foreach (var args in readers)
        {
            var (code, _, err) = await HostProcess.RunAsync([.. args, "--connection", auditor, "--schema", db.Schema]);
            code.ShouldBe(0, $"hubs {string.Join(' ', args)} as a SELECT-only role: {err}");
        }

        (await SnapshotAsync(db)).ShouldBe(before, "no read-only command may change the audited schema");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task a_reader_on_a_schema_never_written_says_so_and_creates_nothing()
    {
        var db = await TestDatabase.CreateAsync(nameof(a_reader_on_a_schema_never_written_says_so_and_creates_nothing));

        var verify = await HostProcess.RunAsync(db.Args("verify"));
        var report = await HostProcess.RunAsync(db.Args("report"));

        verify.Code.ShouldBe(2, verify.Err);
        verify.Err.ShouldContain($"The schema '{db.Schema}' holds no event store");
        report.Code.ShouldBe(0, report.Err);
        report.Out.ShouldContain("The store holds no events yet");
        (await db.ScalarAsync($"select count(*) from pg_namespace where nspname = '{db.Schema}'")).ShouldBe(0L, "a reader creates no schema");
    }

    /// <summary>A login role with USAGE on the schema and SELECT on its tables, nothing else; its connection string.</summary>
    private static async Task<string> SelectOnlyRoleAsync(TestDatabase db)
    {
        var role = "auditor_" + db.Schema;
        await db.ExecuteAsync($"""
            drop role if exists {role};
            create role {role} login;
            grant usage on schema {db.Schema} to {role};
            grant select on all tables in schema {db.Schema} to {role};
            """);
        return new NpgsqlConnectionStringBuilder(db.ConnectionString) { Username = role }.ConnectionString;
    }

    /// <summary>Every relation of the schema with its kind and, for tables, its row count.</summary>
    private static async Task<string> SnapshotAsync(TestDatabase db)
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        var relations = new List<(string Name, char Kind)>();
        await using (var list = new NpgsqlCommand(
            $"select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '{db.Schema}' order by 1", conn))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) relations.Add((reader.GetString(0), reader.GetChar(1)));
        var snapshot = new StringBuilder();
        foreach (var (name, kind) in relations)
        {
            snapshot.Append(name).Append(' ').Append(kind);
            if (kind == 'r')
            {
                await using var count = new NpgsqlCommand($"select count(*) from {db.Schema}.{name}", conn);
                snapshot.Append(' ').Append(await count.ExecuteScalarAsync());
            }
            snapshot.Append('\n');
        }
        return snapshot.ToString();
    }
}
