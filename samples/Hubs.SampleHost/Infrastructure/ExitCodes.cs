namespace Hubs.SampleHost.Infrastructure;

/// <summary>The host's exit codes: a script can tell bad input from a broken store without parsing text.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>Rejected input: a validation error or a broken domain rule; nothing was written.</summary>
    public const int Rejected = 1;
    /// <summary>The command line itself was wrong (unknown command or option, missing value, missing file).</summary>
    public const int Usage = 2;
    /// <summary>The stored history failed an integrity check (<c>verify</c>).</summary>
    public const int IntegrityFailure = 3;
    /// <summary>PostgreSQL could not be reached or started.</summary>
    public const int StorageUnavailable = 4;
    /// <summary>A bug or an error the host does not classify.</summary>
    public const int Unexpected = 70;

    /// <summary>Shown at the foot of every --help page and in the README.</summary>
    public const string Legend =
        "Exit codes: 0 success, 1 rejected input (validation or domain rule; nothing written), 2 usage error, " +
        "3 integrity failure (verify), 4 storage unavailable, 70 unexpected error (a bug), 128+N when stopped by signal N (130 Ctrl+C, 143 SIGTERM).";
}

/// <summary>The command line was wrong in a way only discovered while running (e.g. a missing file).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>PostgreSQL could not be reached or started.</summary>
internal sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One problem in an input file, located for the person who has to fix it.</summary>
/// <param name="Character">The character in the line, when the problem is one there (an invalid byte sequence).</param>
internal sealed record InputError(string File, int Line, string Column, string? Value, string Message, string? Code = null, int? Character = null)
{
    public override string ToString() =>
        $"{Echo.Escape(File)}:{Line}{(Character is { } c ? ":" + c : "")}: {Echo.Escape(Echo.Cut(Column))}" +
        (Value is null ? "" : $"='{Echo.Escape(Echo.Cut(Value))}'") + $": {Echo.Escape(Echo.Cut(Message, Echo.MaxMessage))}" +
        (Code is null ? "" : $" [{Code}]");
}

/// <summary>Long lists of errors cut per kind: 100,000 unknown columns must not become 16 MB of error output.</summary>
internal static class Bounded
{
    /// <summary>Lines shown per kind of error before "… and K more".</summary>
    public const int PerKind = 20;

    /// <summary>The first <see cref="PerKind"/> items of each key, in their order.</summary>
    public static IReadOnlyList<T> PerCode<T>(IEnumerable<T> items, Func<T, string?> key)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = new List<T>();
        foreach (var item in items)
        {
            var k = key(item) ?? "";
            var n = seen.GetValueOrDefault(k);
            seen[k] = n + 1;
            if (n < PerKind) kept.Add(item);
        }
        return kept;
    }

    /// <summary>How many of each key were left out by <see cref="PerCode"/>, in the order first seen.</summary>
    public static IEnumerable<(string Key, int Omitted)> Omitted<T>(IEnumerable<T> items, Func<T, string?> key) =>
        items.GroupBy(i => key(i) ?? "").Where(g => g.Count() > PerKind).Select(g => (g.Key, g.Count() - PerKind));
}

/// <summary>
/// Input echoed in an error line, cut to a readable length: a 2 MB field must not become 2 MB of error output per line.
/// </summary>
internal static class Echo
{
    /// <summary>Characters of a value shown before the cut.</summary>
    public const int MaxValue = 80;

    /// <summary>Characters of an explanation shown before the cut (explanations may quote the value).</summary>
    public const int MaxMessage = 300;

    /// <summary>
    /// The text with every control character (C0, DEL, C1) and bidirectional override shown as <c>\x1B</c> or <c>\u202E</c>:
    /// a value read from a file is never echoed raw, so a file cannot retitle, clear or recolour the operator's terminal.
    /// </summary>
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape)) return text;
        var b = new System.Text.StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            if (!NeedsEscape(ch)) b.Append(ch);
            else if (ch <= 0xFF) b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)ch:X2}");
            else b.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
        }
        return b.ToString();
    }

    private static bool NeedsEscape(char c) => char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>The text, or its first <paramref name="max"/> characters, an ellipsis and the original length.</summary>
    public static string Cut(string text, int max = MaxValue)
    {
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return string.Concat(text.AsSpan(0, cut), FormattableString.Invariant($"… ({text.Length:N0} chars)"));
    }
}

/// <summary>An input file was rejected as a whole; every error found is listed and nothing was written.</summary>
internal sealed class InputRejectedException(string summary, IReadOnlyList<InputError> errors) : Exception(summary)
{
    public IReadOnlyList<InputError> Errors { get; } = errors;
}
