using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Hubs.EventSourcing;

/// <summary>
/// An expenditure unit: a currency and a scale, e.g. <c>CNY 100m</c> (hundreds of millions of yuan) or <c>HKD m</c>
/// (millions of Hong Kong dollars). Stored events keep the unit as the text given; this type is the one grammar that
/// reads it, used by the command validators and by the tracking calculators.
/// </summary>
/// <remarks>
/// Grammar (exact, case-sensitive, one space): <c>unit = currency " " [count] suffix</c>, where <c>currency</c> is one of
/// <see cref="Currencies"/>, <c>count</c> is a whole number from 1 to 9999 without leading zeros, and <c>suffix</c> is
/// <c>k</c> (thousand), <c>m</c> (million) or <c>bn</c> (billion). <c>CNY 100m</c> = 10⁸ CNY, <c>HKD m</c> = 10⁶ HKD,
/// <c>MOP 10k</c> = 10⁴ MOP.
/// </remarks>
/// <param name="Currency">ISO 4217 code, e.g. <c>CNY</c>.</param>
/// <param name="Scale">How many currency units one unit of the figure stands for, e.g. 100,000,000 for <c>CNY 100m</c>.</param>
public readonly record struct MoneyUnit(string Currency, decimal Scale)
{
    /// <summary>The currency composites are weighted in.</summary>
    public const string BaseCurrency = "CNY";

    /// <summary>The currencies the grammar knows: the mainland's, Hong Kong's, Macao's and the usual reference currencies.</summary>
    public static readonly IReadOnlyList<string> Currencies = Array.AsReadOnly(["CNY", "HKD", "MOP", "TWD", "USD", "EUR", "JPY", "GBP"]);

    /// <summary>What the grammar accepts, for error messages.</summary>
    public const string Expected = "a currency code and a scale such as 'CNY 100m', 'HKD m' or 'MOP 10k' (suffix k, m or bn)";

    /// <summary>True when <paramref name="currency"/> is one of <see cref="Currencies"/>.</summary>
    public static bool IsKnownCurrency(string? currency) => currency is not null && Currencies.Contains(currency, StringComparer.Ordinal);

    /// <summary>Reads <paramref name="text"/> by the grammar; false (and a default unit) when it does not match.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MoneyUnit unit)
    {
        unit = default;
        if (text is null) return false;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space != 3 || !IsKnownCurrency(text[..3])) return false;
        var scale = text[4..];
        var (suffix, factor) = scale.EndsWith("bn", StringComparison.Ordinal) ? ("bn", 1_000_000_000m)
            : scale.EndsWith('m') ? ("m", 1_000_000m)
            : scale.EndsWith('k') ? ("k", 1_000m)
            : ("", 0m);
        if (factor == 0m) return false;
        var count = scale[..^suffix.Length];
        var multiplier = 1;
        if (count.Length > 0 && (count[0] == '0' || count.Length > 4 || !count.All(char.IsAsciiDigit)
                                 || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out multiplier)))
            return false;
        unit = new MoneyUnit(text[..3], multiplier * factor);
        return true;
    }

    /// <summary>Reads <paramref name="text"/> by the grammar.</summary>
    /// <exception cref="FormatException">It does not match.</exception>
    public static MoneyUnit Parse(string text) =>
        TryParse(text, out var unit) ? unit : throw new FormatException($"'{text}' is not an expenditure unit: expected {Expected}.");

    /// <summary>An amount in this unit expressed in whole currency units.</summary>
    public decimal ToCurrencyUnits(decimal amount) => amount * Scale;
}
