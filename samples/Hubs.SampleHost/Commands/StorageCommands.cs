using Hubs.EventSourcing;
using Hubs.SampleHost.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

/// <summary>
/// Runs the store in the foreground until Ctrl+C or SIGTERM, printing a connection string other tools (psql, another
/// <c>hubs --connection …</c>) can use meanwhile; stopping it stops the server.
/// </summary>
internal sealed class ServeCommand : AsyncCommand<OutputSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, OutputSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken);
        var info = new
        {
            connectionString = Secrets.MaskConnectionString(store.ConnectionString),
            schema = store.Schema,
            dataDirectory = store.Server?.DataDirectory,
            embedded = store.Server is not null,
            pid = Environment.ProcessId,
        };
        if (settings.Json) Consoles.WriteJson(info);
        else
        {
            Consoles.Out.MarkupLineInterpolated($"[green]Serving[/] the Hubs event store (schema {store.Schema}).");
            Consoles.Out.WriteLine("Connection: " + Secrets.MaskConnectionString(store.ConnectionString));
            // psql speaks libpq's keywords (host=… port=…), not Npgsql's (Host=…;Port=…): the same server, for each.
            Consoles.Out.WriteLine("psql: psql \"" + Libpq(store.ConnectionString) + "\"");
            Consoles.Out.MarkupLine("Press [bold]Ctrl+C[/] to stop.");
        }
        await Console.Out.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping is this command's normal end; disposing the store stops the server.
        }
        return ExitCodes.Success;
    }

    /// <summary><c>host=127.0.0.1 port=40021 user=postgres dbname=postgres</c> from an Npgsql connection string.</summary>
    internal static string Libpq(string connectionString)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"host={b.Host} port={b.Port} user={b.Username} dbname={b.Database ?? b.Username}";
    }
}

/// <summary>
/// Compares the database with this release's configuration, applies every difference and stores the schema fingerprint:
/// the deployment step for operators who run with automatic schema changes off (<c>HUBS_AUTO_MIGRATE=0</c>), and the way
/// to repair a schema changed by hand.
/// </summary>
internal sealed class MigrateCommand : AsyncCommand<OutputSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, OutputSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenAsync(settings, cancellationToken, checkSchema: false);
        var check = await HubsSchema.ApplyChangesAsync(store.Documents, cancellationToken);
        if (settings.Json)
            Consoles.WriteJson(new { schema = store.Schema, fingerprint = check.Fingerprint, seconds = Math.Round(check.Elapsed.TotalSeconds, 3) });
        else
            Consoles.Out.MarkupLineInterpolated(
                $"[green]Migrated[/] schema {store.Schema}: compared with this release's configuration, every difference applied, fingerprint {check.Fingerprint[..12]} stored ({check.Elapsed.TotalSeconds:0.00} s).");
        return ExitCodes.Success;
    }
}
