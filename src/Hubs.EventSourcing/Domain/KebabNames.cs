using System.Text.Json;

namespace Hubs.EventSourcing;

/// <summary>
/// The kebab-case names the library writes everywhere — stored enums, rejection messages, telemetry tags, command names in
/// fingerprints and output: <c>SpecialAdministrativeRegion</c> → <c>special-administrative-region</c>.
/// </summary>
public static class KebabNames
{
    /// <summary>An enum value's name as stored and shown.</summary>
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>A command's name as the idempotency record and the host show it: <c>JoinCluster</c> → <c>join-cluster</c>.</summary>
    public static string Of(IHubsCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return JsonNamingPolicy.KebabCaseLower.ConvertName(command.GetType().Name);
    }
}
