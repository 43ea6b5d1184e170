using System.ComponentModel;
using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>Where the events live; every command that touches the store takes these options.</summary>
internal class StoreSettings : CommandSettings
{
    [CommandOption("--connection <STRING>")]
    [Description("PostgreSQL connection string. Default: $HUBS_CONNECTION_STRING, else the embedded server.")]
    public string? Connection { get; set; }

    [CommandOption("--schema <NAME>")]
    [Description("PostgreSQL schema holding the event store.")]
    [DefaultValue("hubs")]
    public string Schema { get; set; } = "hubs";

    [CommandOption("--data-dir <DIR>")]
    [Description("Data directory of the embedded server (kept between runs).")]
    public string? DataDirectory { get; set; }

    [CommandOption("--ephemeral")]
    [Description("Use a throwaway embedded server, deleted on exit.")]
    public bool Ephemeral { get; set; }

    [CommandOption("--verbose")]
    [Description("Show the library's log (retries, skipped events, verification) on stderr.")]
    public bool Verbose { get; set; }

    public override ValidationResult Validate()
    {
        if (Ephemeral && DataDirectory is not null)
            return ValidationResult.Error("--ephemeral and --data-dir exclude each other.");
        if (Connection is not null && (Ephemeral || DataDirectory is not null))
            return ValidationResult.Error("--connection uses an existing server; --ephemeral and --data-dir apply to the embedded one only.");
        if (!Regex.IsMatch(Schema, "^[a-z_][a-z0-9_]{0,62}$"))
            return ValidationResult.Error($"--schema '{Schema}' is not a plain lower-case PostgreSQL identifier.");
        return ValidationResult.Success();
    }
}

/// <summary>Commands that print data.</summary>
internal class OutputSettings : StoreSettings
{
    [CommandOption("--json")]
    [Description("Print machine-readable JSON on stdout instead of tables.")]
    public bool Json { get; set; }
}

/// <summary>Commands that write: who, why and on what evidence, recorded with every event.</summary>
internal class WriteSettings : OutputSettings
{
    [CommandOption("--actor <WHO>")]
    [Description("Who makes the change. Default: user:<OS user>.")]
    public string? Actor { get; set; }

    [CommandOption("--reason <WHY>")]
    [Description("Why the change is made. Default: the command (an import: its file).")]
    public string? Reason { get; set; }

    [CommandOption("--source <EVIDENCE>")]
    [Description("Provenance of the facts. Default: 'hubs command line' (an import: the file name).")]
    public string? Source { get; set; }

    [CommandOption("--command-id <GUID>")]
    [Description("Idempotency key: a re-run with the same id changes nothing. Default: a new id.")]
    public Guid? CommandId { get; set; }

    [CommandOption("--signing-key <PEM>")]
    [Description("ECDSA P-256 private key (PEM file) that signs the versions this command appends; a stream whose last version it did not sign is refused. Default: $HUBS_SIGNING_KEY, else unsigned.")]
    public string? SigningKey { get; set; }

    public static string DefaultActor => "user:" + Environment.UserName;
}
