using System.Runtime.InteropServices;
using Hubs.EventSourcing;
using Hubs.SampleHost.Commands;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>Wires the command tree, the exit codes and the signal handling of the <c>hubs</c> tool.</summary>
internal static class HubsApp
{
    /// <summary>How long a signalled host may take to stop its server before it is forced out.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string[] args)
    {
        HubsStore.MarkMain();
        HostCulture.Apply();
        using var telemetry = HostTelemetry.Start();
        using var cts = new CancellationTokenSource();
        var signal = 0;
        void OnSignal(PosixSignalContext context)
        {
            // Never let the runtime kill us outright: the embedded server must be stopped first, by the disposal that
            // cancellation unwinds to. A second signal, or a shutdown that hangs, exits at once; the server's own
            // ProcessExit hook still stops it then.
            context.Cancel = true;
            var number = context.Signal switch { PosixSignal.SIGINT => 2, PosixSignal.SIGTERM => 15, PosixSignal.SIGHUP => 1, _ => 15 };
            if (Interlocked.CompareExchange(ref signal, number, 0) != 0)
            {
                Environment.Exit(128 + number);
                return;
            }
            Consoles.Error.MarkupLine("[yellow]Stopping…[/]");
            cts.Cancel();
            _ = Task.Delay(ShutdownGrace, CancellationToken.None).ContinueWith(_ => Environment.Exit(128 + number), TaskScheduler.Default);
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        // Spectre's pretty parse errors quote the command line: with a password on it, say the error in words instead.
        _commandLineHoldsSecret = args.Any(a => !string.Equals(Secrets.Redact(a), a, StringComparison.Ordinal));
        var app = new CommandApp();
        app.Configure(Configure);
        // A branch alone ("hubs cluster") asks what it holds, as a bare "hubs" does: both show their help and exit 0.
        if (args is [var only] && Commands.CommandTree.Branches.Contains(only)) args = [only, "--help"];
        _args = args;
        var code = await app.RunAsync(args, cts.Token).ConfigureAwait(false);
        return signal != 0 && code != ExitCodes.Success ? 128 + signal : code;
    }

    /// <summary>The command line being run: a conversion error names the option whose value it could not read.</summary>
    private static string[] _args = [];

    /// <summary>What <c>hubs --version</c> prints: the tool's version and the library's it runs on.</summary>
    internal static string Version =>
        $"hubs {InformationalVersion(typeof(HubsApp).Assembly)} (Hubs.EventSourcing {InformationalVersion(typeof(HubsCommands).Assembly)})";

    private static string InformationalVersion(System.Reflection.Assembly assembly) =>
        (assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "?").Split('+')[0];
    private static bool _commandLineHoldsSecret;

    private static void Configure(IConfigurator config)
    {
        config.SetApplicationName("hubs");
        config.SetApplicationVersion(Version);
        config.ConfigureConsole(Consoles.Out);
        config.SetHelpProvider(new HubsHelpProvider(config.Settings));
        config.SetExceptionHandler((ex, _) => JsonErrors.Write(ex, Report(ex), _args, OptionValues.Explain(ex.Message, _args)));
        config.UseStrictParsing();
        CommandTree.Register(config);
    }

    /// <summary>Prints a rejection with fields named as typed (<paramref name="fieldNames"/>: the command's own options).</summary>
    internal static int ReportRejection(CommandRejectedException rejected, IReadOnlyDictionary<string, string>? fieldNames)
    {
        JsonErrors.WriteRejection(rejected, fieldNames, _args);
        Consoles.Error.MarkupLine("[red]Rejected:[/] nothing was written.");
        // One unwrapped line per problem, so the list can be grepped whatever the terminal width.
        foreach (var v in rejected.Violations) Console.Error.WriteLine("  " + Secrets.Redact(Echo.Escape(CliNames.Describe(v, fieldNames))));
        return ExitCodes.Rejected;
    }

    /// <summary>
    /// The exception in the chain that says PostgreSQL went away or refused us: Npgsql's (connection lost, server shut down,
    /// cannot connect) or a socket or timeout error, wherever Marten or the library wrapped it; null when there is none.
    /// </summary>
    internal static Exception? StorageFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is PostgresException pg)
                // Only the classes that mean "the server is not usable now": connection (08), authorization (28), no such
                // database (3D), resources such as a full disk (53), shutdown or cancellation by the operator (57), the
                // server's own I/O (58) and internal errors (XX: e.g. XX000 "could not write init file" after a PANIC).
                return pg.SqlState[..2] is "08" or "28" or "3D" or "53" or "57" or "58" or "XX" ? pg : null;
            if (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or System.IO.EndOfStreamException) return e;
        }
        return null;
    }

    internal static string Describe(Exception cause) =>
        cause is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : cause.Message;

    /// <summary>Prints an error for a person and classifies it for a script.</summary>
    internal static int Report(Exception ex)
    {
        var err = Consoles.Error;
        switch (ex)
        {
            case CommandRejectedException rejected:
                return ReportRejection(rejected, null);
            case InputRejectedException input:
                err.MarkupLineInterpolated($"[red]Rejected:[/] {Secrets.Redact(input.Message)}");
                foreach (var e in Bounded.PerCode(input.Errors, e => e.Code)) Console.Error.WriteLine("  " + Secrets.Redact(e.ToString()));
                foreach (var (code, omitted) in Bounded.Omitted(input.Errors, e => e.Code))
                    Console.Error.WriteLine(FormattableString.Invariant($"  … and {omitted:N0} more [{code}]"));
                return ExitCodes.Rejected;
            case HubsConcurrencyException concurrency:
                err.MarkupLineInterpolated($"[red]Conflict:[/] {concurrency.Message} Re-read and try again.");
                return ExitCodes.Rejected;
            case CommandAppException usage:
                if (usage.Pretty is { } pretty && !_commandLineHoldsSecret) err.Write(pretty);
                else err.MarkupLineInterpolated($"[red]Usage error:[/] {Secrets.Redact(OptionValues.Explain(usage.Message, _args))}");
                err.MarkupLine("Run [bold]hubs --help[/] or [bold]hubs <command> --help[/] for usage.");
                return ExitCodes.Usage;
            case OutputFileException output:
                err.MarkupLineInterpolated($"[red]Usage error:[/] {Secrets.Redact(output.Message)}.");
                return ExitCodes.Usage;
            case Hubs.EventSourcing.Tracking.ProjectionsBusyException busy:
                err.MarkupLineInterpolated($"[red]Refused:[/] {busy.Message}");
                return ExitCodes.Rejected;
            case UsageException usage:
                err.MarkupLineInterpolated($"[red]Usage error:[/] {Secrets.Redact(usage.Message)}");
                return ExitCodes.Usage;
            case StorageUnavailableException storage:
                err.MarkupLineInterpolated($"[red]Storage unavailable:[/] {Secrets.Redact(storage.Message)}");
                return ExitCodes.StorageUnavailable;
            case OperationCanceledException:
                err.MarkupLine("[yellow]Interrupted.[/]");
                return 130;
            case var _ when StorageFailure(ex) is { } cause:
                // Often wrapped (Marten's command exception around Npgsql's): the cause is what the user can act on.
                err.MarkupLineInterpolated($"[red]Storage unavailable:[/] {Secrets.Redact(Describe(cause))}");
                // A reader changed nothing; a writer's transaction is whole or absent, but one in flight when the server went
                // away may have committed without the host hearing of it (seen after a network freeze): say both.
                err.MarkupLine(HubsStore.OpenedForWriting
                    ? "Each write is one transaction, so nothing partial was stored; but a write in flight when the server went away MAY have " +
                      "been committed without this command hearing of it. When the server is back, re-run the same command: its writes carry " +
                      "fixed ids (the demo's, an import's from its file, yours with --command-id) and change nothing if they were stored."
                    : "Nothing was changed: this command only reads. Re-run it when the server is back.");
                return ExitCodes.StorageUnavailable;
            default:
                err.MarkupLine("[red]Unexpected error[/] (please report it):");
                Console.Error.WriteLine(Secrets.Redact(ex.ToString()));
                return ExitCodes.Unexpected;
        }
    }
}
