using System.Text.RegularExpressions;
using Npgsql;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// Keeps passwords out of everything the host prints: connection strings shown to the user are masked, and every error
/// line passes through <see cref="Redact"/>, which removes the password of the connection in use wherever it appears and
/// any <c>Password=…</c> pair (also when the connection string could not be parsed).
/// </summary>
internal static partial class Secrets
{
    public const string Mask = "***";
    private static volatile string[] _known = [];

    /// <summary>Remembers the password of a connection string, so a message that quotes it can be cleaned.</summary>
    public static void Register(string connectionString)
    {
        try
        {
            if (new NpgsqlConnectionStringBuilder(connectionString).Password is { Length: > 0 } password)
                _known = [.. _known, password];
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            // Unparsable: Redact's pattern still masks a password pair in it.
        }
    }

    /// <summary>The connection string with its password replaced by <see cref="Mask"/>.</summary>
    public static string MaskConnectionString(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(b.Password)) return connectionString;
            b.Password = Mask;
            return b.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return Redact(connectionString);
        }
    }

    /// <summary>Text safe to print: known passwords and any <c>password=…</c> pair masked.</summary>
    public static string Redact(string text)
    {
        foreach (var p in _known)
            text = text.Replace(p, Mask, StringComparison.Ordinal);
        return PasswordPair().Replace(text, m => m.Groups["key"].Value + Mask);
    }

    // Npgsql's keywords for the password (Password, PSW, PWD); a quoted value may contain ';'. An unquoted value ends at ';',
    // at a quote (a connection string quoted inside a message: the rest of the sentence is not the password) or at the line's end.
    [GeneratedRegex("""(?<key>\b(?:password|psw|pwd)\s*=\s*)(?:"[^"]*"?|'[^']*'?|[^;'"\r\n]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPair();
}
