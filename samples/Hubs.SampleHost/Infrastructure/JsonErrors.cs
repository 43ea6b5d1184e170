using Hubs.EventSourcing;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// With <c>--json</c>, a script reads stdout: an error is a JSON object there too, besides the message for people on stderr.
/// <c>{"error": {"exitCode": 1, "kind": "rejected", "message": "…", "violations": [{"code", "field", "value", "message"}]}}</c>.
/// </summary>
internal static class JsonErrors
{
    public static int Write(Exception ex, int exitCode, IReadOnlyList<string> args, string message)
    {
        if (!args.Contains("--json") || ex is CommandRejectedException) return exitCode;
        var kind = exitCode switch
        {
            ExitCodes.Rejected => "rejected", ExitCodes.Usage => "usage", ExitCodes.StorageUnavailable => "storage-unavailable",
            ExitCodes.Unexpected => "unexpected", _ => "interrupted",
        };
        // Redacted like stderr: a connection string typed into another option must not reach stdout either.
        var errors = ex is InputRejectedException input ? input.Errors : [];
        var shown = Bounded.PerCode(errors, e => e.Code);
        object[] violations = [.. shown.Select(e => new
        {
            e.Code, field = Secrets.Redact(e.Column), value = e.Value is null ? null : Secrets.Redact(e.Value), message = Secrets.Redact(e.Message),
            e.File, e.Line, e.Character,
        })];
        Consoles.WriteJson(new { error = new { exitCode, kind, message = Secrets.Redact(message), violations, violationsOmitted = errors.Count - shown.Count } });
        return exitCode;
    }

    public static void WriteRejection(CommandRejectedException rejected, IReadOnlyDictionary<string, string>? fieldNames, IReadOnlyList<string> args)
    {
        if (!args.Contains("--json")) return;
        Consoles.WriteJson(new
        {
            error = new
            {
                exitCode = ExitCodes.Rejected, kind = "rejected", message = "Rejected: nothing was written.",
                violations = rejected.Violations.Select(v => new
                {
                    v.Code, field = CliNames.Of(v.Field, fieldNames), value = v.Value?.ToString() is { } value ? Secrets.Redact(value) : null,
                    message = Secrets.Redact(v.Explanation),
                }),
            },
        });
    }
}
