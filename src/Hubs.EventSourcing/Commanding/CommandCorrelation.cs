using System.Diagnostics;

namespace Hubs.EventSourcing.Commanding;

/// <summary>
/// A rule of the write path, not of telemetry: it changes the correlation id that is stored and hashed, so it lives with the
/// pipeline rather than in Diagnostics/.
/// </summary>
internal static class CommandCorrelation
{
    /// <summary>
    /// The correlation rule: a command sent inside an <see cref="System.Diagnostics.Activity"/> (W3C ids) whose context still
    /// carries the default correlation id (<see cref="CommandContext.New"/> sets it to the command id) is correlated by the
    /// trace id instead, so the stored events lead back to the trace. Any other correlation id is the caller's and kept. It is
    /// applied before validation, fingerprinting and sealing: the fingerprint never covers the context, and the hash covers
    /// the correlation id actually stored.
    /// </summary>
    public static CommandContext Correlated(CommandContext context)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } current || context is null) return context!;
        if (!IsDefaultCorrelation(context)) return context;
        return context with { CorrelationId = current.TraceId.ToHexString() };
    }

    private static bool IsDefaultCorrelation(CommandContext context) =>
        context.CorrelationId is { Length: 36 } id && Guid.TryParse(id, out var parsed) && parsed == context.CommandId;
}
