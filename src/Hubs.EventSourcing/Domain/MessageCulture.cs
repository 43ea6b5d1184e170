using System.Globalization;

namespace Hubs.EventSourcing;

/// <summary>
/// The culture every rejection message is written in, whatever the process's culture: invariant, with ISO dates
/// (<c>2025-09-30</c>) and <c>.</c> decimals, so a message reads the same in Beijing, Berlin and a log parser. A host that
/// writes its own output in the same culture uses <see cref="Instance"/> rather than building a copy.
/// </summary>
public static class MessageCulture
{
    /// <summary>Invariant, with <c>yyyy-MM-dd</c> short dates and <c>HH:mm:ss</c> long times; read-only.</summary>
    public static readonly CultureInfo Instance = Create();

    private static CultureInfo Create()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.ShortDatePattern = "yyyy-MM-dd";
        culture.DateTimeFormat.LongTimePattern = "HH:mm:ss";
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>Runs <paramref name="body"/> with <see cref="Instance"/> as the current (UI) culture, restoring it after.</summary>
    internal static T Run<T>(Func<T> body) => Run(static b => b(), body);

    /// <summary>As <see cref="Run{T}(Func{T})"/>, for a body that needs no closure (a command checked per call allocates none).</summary>
    internal static T Run<TArg, T>(Func<TArg, T> body, TArg arg)
    {
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        if (ReferenceEquals(culture, Instance) && ReferenceEquals(ui, Instance)) return body(arg);
        CultureInfo.CurrentCulture = Instance;
        CultureInfo.CurrentUICulture = Instance;
        try { return body(arg); }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    /// <summary>A command or context property as users know it from JSON: <c>RegionId</c> → <c>regionId</c>.</summary>
    internal static string FieldName(string property) =>
        property.Length > 0 && char.IsUpper(property[0]) ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property) : property;
}
