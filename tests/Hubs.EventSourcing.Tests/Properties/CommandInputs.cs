using System.Collections.Immutable;
using System.Reflection;
using CsCheck;
using Hubs.EventSourcing.Commanding;

namespace Hubs.EventSourcing.Tests.Properties;

/// <summary>
/// Generators of hostile command inputs, built per constructor parameter by reflection so every command, and every field
/// added later, is covered: arbitrary Unicode (lone surrogates, NUL, control characters), very long strings, text that
/// looks like SQL or JSON, ids near and far from the slug rule, numbers at and past every bound, dates at the ends of the
/// calendar and enum values that are not defined.
/// </summary>
internal static class CommandInputs
{
    /// <summary>Ids that streams exist for in <see cref="KnownIds"/>-based states, so decisions go past "not found".</summary>
    public static readonly string[] KnownIds = ["beijing", "gba", "huawei", "hebei", "shenzhen"];

    private static readonly string[] Nasty =
    [
        "", " ", "\0", "a\0b", "\ud800", "\udfff", "x\ud83d", "\u0001ctrl", "\u007f", "\u0085", "\t\r\n", "北京市", "🚀",
        "'; drop table mt_events; --", "{\"hash\": \"0\"}", "\\u0000", "null", "NaN", "-∞", "  padded  ", "Robert'); --",
        new string('x', 501), new string('长', 10_000),
    ];

    private static readonly Gen<string> AnyText = Gen.Frequency(
        (10, Gen.String),                                            // arbitrary UTF-16, surrogates included
        (5, Gen.String[Gen.Char['\0', '\u001f'], 0, 8]),             // control characters only
        (20, Gen.String[Gen.Char['a', 'z'], 1, 40]),                 // plausible text
        (10, Gen.OneOf(Nasty)),
        (1, Gen.Int[0, 20_000].Select(n => new string('y', n))));    // very long (rare: the cost is per character)

    private static readonly Gen<string> Id = Gen.Frequency((6, Gen.OneOf(KnownIds)), (2, Gen.String[Gen.Char['a', 'z'], 1, 12]), (2, AnyText));

    // Fields with a grammar of their own get valid values often enough for decisions to be reached, and hostile text too.
    private static readonly Gen<string> Unit = Gen.Frequency((6, Gen.OneOf("CNY 100m", "HKD m", "MOP 10k", "CNY bn")), (4, AnyText));
    private static readonly Gen<string> Currency = Gen.Frequency((6, Gen.OneOf("HKD", "MOP", "USD")), (4, AnyText));
    private static readonly Gen<string> IndicatorKey = Gen.Frequency(
        (6, Gen.OneOf([.. Hubs.EventSourcing.Indicators.IndicatorCatalogue.BuiltIn.All.Select(d => d.Key)])), (4, AnyText));
    private static readonly Gen<string> FigureUnit = Gen.Frequency((4, Gen.OneOf("CNY 10k", "CNY 100m", "%", "HKD m")), (4, AnyText));
    private static readonly Gen<string> Place = Gen.Frequency((6, Gen.OneOf("1", "2", "=12", "12 or 13", "12-13")), (4, AnyText));
    private static readonly Gen<string> Ranking = Gen.Frequency((6, Gen.OneOf("GII", "gii")), (4, AnyText));
    private static readonly Gen<string> PublicationDateText =
        Gen.Frequency((6, Gen.OneOf("2025-09-29", "2026-01", "2024", "unknown", "unknown, known by 2025-01-01", "2030-01-01")), (4, AnyText));
    private static readonly Gen<string> Qualifier = Gen.Frequency((4, Gen.OneOf("over", "about")), (2, AnyText));
    private static readonly Gen<string> Provenance = Gen.Frequency((6, Gen.OneOf("NBS", "2024 R&D bulletin", "official", "基础研究")), (4, AnyText));

    private static readonly Gen<int> Int = Gen.OneOf(
        Gen.Int, Gen.Int[1940, 2110], Gen.OneOf(int.MinValue, int.MaxValue, -1, 0, 1, 1949, 1950, 1999, 2000, 2100, 2101, 10_000, 10_001));

    private static readonly Gen<decimal> Decimal = Gen.OneOf(
        Gen.Decimal, Gen.Decimal[-200m, 200m],
        Gen.OneOf(decimal.MinValue, decimal.MaxValue, -0.0000000001m, 0m, 0.0000000001m, 1m, 99.999m, 100m, 100.0001m, 10_000m, 10_000.5m));

    private static readonly Gen<DateOnly> Date = Gen.OneOf(
        Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber].Select(DateOnly.FromDayNumber),
        Gen.Int[1940, 2110].Select(y => new DateOnly(y, 1, 1)),
        Gen.OneOf(DateOnly.MinValue, DateOnly.MaxValue, new DateOnly(1949, 12, 31), new DateOnly(2100, 12, 31), new DateOnly(2101, 1, 1)));

    /// <summary>Every command type of the library (the closed set routed by CommandRouting).</summary>
    public static readonly Type[] CommandTypes = typeof(IHubsCommand).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHubsCommand).IsAssignableFrom(t)).OrderBy(t => t.Name).ToArray();

    /// <summary>A generator of instances of one command type, each constructor argument from the generator of its type.</summary>
    public static Gen<IHubsCommand> For(Type commandType)
    {
        var ctor = commandType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        var gens = ctor.GetParameters().Select(p => Of(p, nullability.Create(p).WriteState == NullabilityState.Nullable)).ToArray();
        return gens.Aggregate(Gen.Const(ImmutableList<Arg>.Empty), (acc, g) => acc.SelectMany(list => g.Select(list.Add)))
            .Select(args => (IHubsCommand)ctor.Invoke([.. args.Select(a => a.Value)]));
    }

    /// <summary>A value carried inside a command (a target), each constructor argument from the generator of its type.</summary>
    private static Gen<Arg> Composed(Type type)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        var gens = ctor.GetParameters().Select(p => Of(p, nullability.Create(p).WriteState == NullabilityState.Nullable)).ToArray();
        return gens.Aggregate(Gen.Const(ImmutableList<Arg>.Empty), (acc, g) => acc.SelectMany(list => g.Select(list.Add)))
            .Select(args => new Arg(ctor.Invoke([.. args.Select(a => a.Value)])));
    }

    /// <summary>One constructor argument (a box: CsCheck's generators are of non-null values).</summary>
    private sealed record Arg(object? Value);

    private static Gen<Arg> Of(ParameterInfo p, bool nullable)
    {
        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        Gen<Arg> gen =
            type == typeof(string) ? (p.Name switch
                {
                    "expenditureUnit" or "ExpenditureUnit" => Unit,
                    "currency" or "Currency" => Currency,
                    "indicator" or "Indicator" => IndicatorKey,
                    "unit" or "Unit" => FigureUnit,
                    "qualifier" or "Qualifier" => Qualifier,
                    "place" or "Place" => Place,
                    "ranking" or "Ranking" => Ranking,
                    "publicationDate" or "PublicationDate" => PublicationDateText,
                    "label" or "Label" or "publisher" or "Publisher" or "document" or "Document" or "quality" or "Quality" => Provenance,
                    _ when p.Name!.EndsWith("Id", StringComparison.Ordinal) => Id,
                    _ => AnyText,
                }).Select(s => new Arg(s))
            : type == typeof(int) ? Int.Select(i => new Arg(i))
            : type == typeof(decimal) ? Decimal.Select(d => new Arg(d))
            : type == typeof(DateOnly) ? Date.Select(d => new Arg(d))
            : type.IsEnum ? Gen.Int[-2, Enum.GetValues(type).Length + 2].Select(i => new Arg(Enum.ToObject(type, i)))
            : type == typeof(Hubs.EventSourcing.Indicators.IndicatorTarget) ? Composed(type)
            : throw new NotSupportedException($"no generator for {type.Name} ({p.Member.DeclaringType!.Name}.{p.Name}): add one");
        return nullable || Nullable.GetUnderlyingType(p.ParameterType) is not null
            ? Gen.Frequency((1, Gen.Const(new Arg(null))), (4, gen))
            : gen;
    }

    /// <summary>A context whose texts are hostile a quarter of the time.</summary>
    public static readonly Gen<CommandContext> Context = Gen.Select(
        Gen.Frequency((3, Gen.Const("analyst:test")), (1, AnyText)), Gen.Frequency((3, Gen.Const("why")), (1, AnyText)),
        Gen.Frequency((3, Gen.Const("NBS")), (1, AnyText)), Gen.Frequency((3, Gen.Const("corr")), (1, AnyText)),
        Gen.Guid, (actor, reason, source, correlation, id) => new CommandContext(actor, reason, source, id, correlation));
}
