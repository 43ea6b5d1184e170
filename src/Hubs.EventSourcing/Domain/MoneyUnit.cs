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
/// <see cref="Currencies"/> or a common sign for one (<c>RMB</c> = CNY, <c>HK$</c> = HKD, <c>MOP$</c> = MOP, <c>US$</c> =
/// USD), <c>count</c> is a whole number from 1 to 9999 without leading zeros, and <c>suffix</c> is <c>k</c> or
/// <c>thousand</c>, <c>m</c>, <c>mn</c> or <c>million</c>, <c>bn</c> or <c>billion</c> (a spelled-out suffix follows the
/// count after a space: <c>HKD 100 million</c>). The yuan's own units are accepted whole: <c>千元</c> (CNY k), <c>万元</c>
/// (CNY 10k), <c>百万元</c> (CNY m), <c>亿元</c> (CNY 100m), <c>万亿元</c> (CNY 1000bn). <c>CNY 100m</c> = 10⁸ CNY,
/// <c>HKD m</c> = <c>HKD mn</c> = <c>HK$ million</c> = 10⁶ HKD, <c>MOP 10k</c> = 10⁴ MOP. <see cref="ToString"/> gives the
/// short spelling (<c>亿元</c> → <c>CNY 100m</c>); <see cref="SameAmount"/> compares figures across units.
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
    public const string Expected = "a currency and a scale such as 'CNY 100m', 'HKD m', 'HK$ million' or 'MOP 10k' (suffix k, m, mn, bn, thousand, million, billion), or 亿元, 万元";

    /// <summary>True when <paramref name="currency"/> is one of <see cref="Currencies"/>.</summary>
    public static bool IsKnownCurrency(string? currency) => currency is not null && Currencies.Contains(currency, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> CurrencySigns = new(StringComparer.Ordinal)
    {
        ["RMB"] = "CNY", ["HK$"] = "HKD", ["MOP$"] = "MOP", ["US$"] = "USD",
    };

    private static readonly Dictionary<string, MoneyUnit> YuanUnits = new(StringComparer.Ordinal)
    {
        ["千元"] = new("CNY", 1_000m), ["万元"] = new("CNY", 10_000m), ["百万元"] = new("CNY", 1_000_000m),
        ["亿元"] = new("CNY", 100_000_000m), ["万亿元"] = new("CNY", 1_000_000_000_000m),
    };

    // Longest first, so "mn" is not read as "m" after an "n" count.
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        (" thousand", 1_000m), (" million", 1_000_000m), (" billion", 1_000_000_000m),
        ("bn", 1_000_000_000m), ("mn", 1_000_000m), ("m", 1_000_000m), ("k", 1_000m),
    ];

    /// <summary>Reads <paramref name="text"/> by the grammar; false (and a default unit) when it does not match.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out MoneyUnit unit)
    {
        unit = default;
        if (text is null) return false;
        if (YuanUnits.TryGetValue(text, out unit)) return true;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0) return false;
        var currency = CurrencySigns.GetValueOrDefault(text[..space], text[..space]);
        if (!IsKnownCurrency(currency)) return false;
        // "HK$ million": a spelled-out suffix with no count keeps its leading space.
        var scale = text[space..];
        if (scale.StartsWith(' ') && !Suffixes.Any(s => s.Suffix[0] == ' ' && scale == s.Suffix)) scale = scale[1..];
        var (suffix, factor) = Suffixes.FirstOrDefault(s => scale.EndsWith(s.Suffix, StringComparison.Ordinal));
        if (suffix is null) return false;
        var count = scale[..^suffix.Length];
        var multiplier = 1;
        if (count.Length > 0 && (count[0] == '0' || count.Length > 4 || !count.All(char.IsAsciiDigit)
                                 || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out multiplier)))
            return false;
        unit = new MoneyUnit(currency, multiplier * factor);
        return true;
    }

    /// <summary>
    /// True when two amounts are the same quantity: equal in whole currency units (exact decimal arithmetic), so 2,233.6
    /// <c>亿元</c> = 223.36 <c>CNY bn</c> = 22,336,000 <c>万元</c>. Two null amounts are the same; an amount with a unit outside
    /// the grammar (or none) equals only the same number with the same unit text; different currencies never match.
    /// </summary>
    public static bool SameAmount(decimal? amount, string? unit, decimal? otherAmount, string? otherUnit)
    {
        if (amount is not { } a || otherAmount is not { } b) return amount is null && otherAmount is null && unit == otherUnit;
        if (unit == otherUnit) return a == b;
        return TryParse(unit, out var u) && TryParse(otherUnit, out var v) && u.Currency == v.Currency
            && u.ToCurrencyUnits(a) == v.ToCurrencyUnits(b);
    }

    /// <summary>The short spelling of this unit: <c>CNY 100m</c>, <c>HKD m</c>, <c>CNY 1000bn</c>.</summary>
    public override string ToString()
    {
        foreach (var (suffix, factor) in new[] { ("bn", 1_000_000_000m), ("m", 1_000_000m), ("k", 1_000m) })
            if (Scale % factor == 0 && Scale / factor is var n and >= 1 and <= 9999)
                return $"{Currency} {(n == 1 ? "" : n.ToString("0", CultureInfo.InvariantCulture))}{suffix}";
        return $"{Currency} {Scale.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Reads <paramref name="text"/> by the grammar.</summary>
    /// <exception cref="FormatException">It does not match.</exception>
    public static MoneyUnit Parse(string text) =>
        TryParse(text, out var unit) ? unit : throw new FormatException($"'{text}' is not an expenditure unit: expected {Expected}.");

    /// <summary>An amount in this unit expressed in whole currency units.</summary>
    public decimal ToCurrencyUnits(decimal amount) => amount * Scale;
}
