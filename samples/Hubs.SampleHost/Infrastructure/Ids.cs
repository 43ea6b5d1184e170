using Hubs.EventSourcing;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>Command ids and contexts for the host.</summary>
internal static class Ids
{
    /// <summary>
    /// A name-based id (<see cref="CommandIds.NameBased"/>): the same step of the same story always gets the same id, so the
    /// library recognises a re-run and writes nothing.
    /// </summary>
    public static Guid NameBased(string name) => CommandIds.NameBased(name);

    /// <summary>
    /// The default reason of a command typed at the command line: the command as typed, without the options that say where
    /// the store is (a connection string may hold a password, and the reason is stored and hashed for ever), redacted anyway.
    /// </summary>
    public static string CommandLineReason(IReadOnlyList<string> arguments)
    {
        var kept = new List<string>(arguments.Count);
        for (var i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i];
            if (StorageOptions.Contains(a)) { i++; continue; }
            if (StorageOptions.Any(o => a.StartsWith(o + "=", StringComparison.Ordinal))) continue;
            kept.Add(a);
        }
        // Control characters typed in an option are shown escaped here (\x07), so that the default reason is valid text and
        // the rejection names the option that holds them (--name), not --reason, which the user never typed.
        return Echo.Escape(Secrets.Redact("hubs " + string.Join(' ', kept)));
    }

    private static readonly string[] StorageOptions = ["--connection", "--data-dir", "--signing-key"];

    /// <summary>The audit context of a command typed at the command line.</summary>
    public static CommandContext Context(WriteSettings settings, string defaultReason, string? defaultSource = null)
    {
        var id = settings.CommandId ?? Guid.NewGuid();
        return new CommandContext(
            settings.Actor ?? WriteSettings.DefaultActor,
            settings.Reason ?? defaultReason,
            settings.Source ?? defaultSource ?? "hubs command line",
            id,
            id.ToString());
    }
}
