using System.Collections.Frozen;

namespace Hubs.EventSourcing;

/// <summary>Reads enum values in the forms stored by earlier releases (docs/versioning.md).</summary>
internal static class StoredEnum
{
    /// <summary>
    /// An enum member as release 0.1.0 stored it: its C# name (<c>SpecialAdministrativeRegion</c>), exactly. Anything else
    /// is not what that release wrote, and is refused rather than guessed.
    /// </summary>
    public static T FromV1<T>(string text, string eventName) where T : struct, Enum =>
        CSharpNames<T>.ByName.TryGetValue(text, out var value) ? value
            : throw new FormatException($"'{text}' is not a {typeof(T).Name} as version 1 of {eventName} stores it ({string.Join(", ", Enum.GetNames<T>())}).");

    // Once per enum type: every old event of a long stream goes through here on each fold.
    private static class CSharpNames<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<string, T> ByName = Enum.GetValues<T>().ToFrozenDictionary(v => v.ToString(), StringComparer.Ordinal);
    }
}
