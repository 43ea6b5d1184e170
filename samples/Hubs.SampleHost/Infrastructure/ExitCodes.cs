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
internal sealed record InputError(string File, int Line, string Column, string? Value, string Message, string? Code = null)
{
    public override string ToString() =>
        $"{File}:{Line}: {Column}" + (Value is null ? "" : $"='{Echo.Cut(Value)}'") + $": {Echo.Cut(Message, Echo.MaxMessage)}" +
        (Code is null ? "" : $" [{Code}]");
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
