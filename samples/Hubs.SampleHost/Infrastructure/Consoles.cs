using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Hubs.SampleHost.Infrastructure;

/// <summary>
/// The two consoles: data on stdout, diagnostics and progress on stderr. Colour and animation only on a terminal and
/// never with NO_COLOR (https://no-color.org), so piped output and logs stay plain text.
/// </summary>
internal static class Consoles
{
    // The process's stdout as it was at start: HUBS_OTEL=console points Console.Out at stderr for the exporter's sake.
    private static readonly TextWriter Stdout = Console.Out;
    public static readonly IAnsiConsole Out = Create(Stdout, Console.IsOutputRedirected);
    public static readonly IAnsiConsole Error = Create(Console.Error, Console.IsErrorRedirected);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Output for scripts, not for embedding in HTML: "S&T", "Hong Kong's" as written, not \u0026 and \u0027.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // One key style everywhere (README "Output"): kebab-case keys, enums and dictionary keys alike (rd-intensity, not RdIntensity).
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.KebabCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new UtcInstantConverter() },
    };

    /// <summary>Instants as ISO 8601 UTC ending in <c>Z</c> (<c>2026-12-05T23:55:20.596171Z</c>), never <c>+00:00</c>: one format across text, JSON and HTML.</summary>
    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Views.Formats.Instant(value));
    }

    /// <summary>Wide enough that no line of the host's output wraps when it goes to a file or a pipe.</summary>
    public const int RedirectedWidth = 4096;

    private static int? Columns =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c)
        && c >= 20 ? Math.Min(c, RedirectedWidth) : null;

    private static bool NoColor => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var plain = redirected || NoColor;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            // Tables and help pad their cells to the widest one; in a file that is only trailing blanks (up to 350 a line).
            Out = new AnsiConsoleOutput(redirected ? new TrailingBlankTrimmer(writer) : writer),
        });
        // Redirected output has no width: never wrap it (a script must be able to cut a connection string or an id out of a
        // line). Tables size to their content; charts set their own width.
        if (redirected) console.Profile.Width = RedirectedWidth;
        // COLUMNS (as ls and less read it) overrides both: a narrow pane, or a script that wants a fixed width.
        if (Columns is { } columns) console.Profile.Width = columns;
        return console;
    }

    /// <summary>Writes machine-readable output: indented camelCase JSON, enums as kebab-case strings, straight to stdout.</summary>
    public static void WriteJson(object value)
    {
        Stdout.WriteLine(JsonSerializer.Serialize(value, value.GetType(), Json));
    }

    /// <summary>Drops blanks at the end of each line; holds back only blanks, so nothing else is ever delayed.</summary>
    private sealed class TrailingBlankTrimmer(TextWriter inner) : TextWriter
    {
        private readonly System.Text.StringBuilder _blanks = new();

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value is ' ' or '\t') { _blanks.Append(value); return; }
            if (value is '\n' or '\r') _blanks.Clear();
            else if (_blanks.Length > 0) { inner.Write(_blanks.ToString()); _blanks.Clear(); }
            inner.Write(value);
        }

        public override void Write(string? value)
        {
            foreach (var ch in value ?? "") Write(ch);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            for (var i = index; i < index + count; i++) Write(buffer[i]);
        }

        public override void Flush() => inner.Flush();
    }
}
