using System.Globalization;
using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.Indicators;

/// <summary>
/// Statuses of targets as plans write them; pure. A past deadline is judged on its own year's figure only; a future one by
/// the projection of the indicator's complete years, bounded to what the indicator can be; growth by the compound rate so
/// far and the rate the remaining years need. Rules in docs/tracking.md#statuses.
/// </summary>
public static class TargetEvaluation
{
    /// <summary>Share of the target value a projection may miss by and still be <see cref="IndicatorTargetStatus.AtRisk"/>.</summary>
    public const decimal AtRiskTolerance = 0.10m;

    /// <summary>
    /// Assesses <paramref name="target"/> on <paramref name="indicator"/>'s <paramref name="series"/> for one scope, in
    /// <paramref name="currentYear"/> (a deadline year before it is past).
    /// </summary>
    public static TargetAssessment Assess(IndicatorDefinition indicator, IndicatorTarget target, IReadOnlyList<SeriesPoint> series, int currentYear)
    {
        ArgumentNullException.ThrowIfNull(indicator);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(series);
        var s = new Series(series);
        var (status, basis) = target.Kind switch
        {
            TargetKind.LevelEveryYear or TargetKind.GrowthEveryYear => EveryYear(target, s, currentYear),
            TargetKind.CompoundGrowth => Compound(target, s, currentYear),
            _ => Level(indicator, target, s, currentYear),
        };
        return new TargetAssessment(target, status, basis);
    }

    private static (IndicatorTargetStatus, TargetBasis) Level(IndicatorDefinition indicator, IndicatorTarget t, Series s, int currentYear)
    {
        var comparison = t.Kind == TargetKind.RankAtOrBetter ? TargetComparison.AtMost : t.Comparison;
        var threshold = t.Value;
        var used = new List<FigureUsed>();
        if (t.Kind == TargetKind.RelativeToBase)
        {
            if (s.At(t.BaseYear!.Value) is not { } b)
                return Basis(IndicatorTargetStatus.InsufficientData, "base-year", s, [], null, note: $"the base year {t.BaseYear} has no complete figure");
            threshold = b.Value * (1m + t.Value / 100m);
            used.Add(Use(b));
        }

        if (s.At(t.Year) is { } atDeadline)
        {
            used.Add(Use(atDeadline));
            var met = IndicatorTarget.Meets(comparison, atDeadline.Value, threshold);
            return Basis(met ? IndicatorTargetStatus.Achieved : IndicatorTargetStatus.Missed, "deadline-year", s, used, threshold,
                leftOutWhy: y => y > t.Year ? "after the deadline: a deadline is judged on its own year's figure" : "before the deadline year");
        }
        if (t.Year < currentYear)
            return Basis(IndicatorTargetStatus.AwaitingData, "deadline-year", s, used, threshold,
                leftOutWhy: y => y > t.Year ? "after the deadline: a deadline is judged on its own year's figure" : "before the deadline year",
                note: s.PartialNote(t.Year) ?? $"the {t.Year} figure is not published yet");

        var latest = s.Complete.LastOrDefault();
        if (latest is null) return Basis(IndicatorTargetStatus.InsufficientData, "latest-year", s, used, threshold, note: "no complete year");
        decimal? required = latest.Year < t.Year ? (threshold - latest.Value) / (t.Year - latest.Year) : null;
        // Met so far: nothing is needed. The change to the threshold would read as a fall to make ("needs -0.58/yr" under
        // "≥"), or, for "about", as a move inside the band that changes nothing.
        if (IndicatorTarget.Meets(comparison, latest.Value, threshold))
            return Basis(IndicatorTargetStatus.MetSoFar, "latest-year", s, [.. used, Use(latest)], threshold,
                leftOutWhy: _ => "not the latest complete year");

        var (window, method, windowLeftOut) = s.Window();
        var line = Trend.Fit(window.Select(p => (p.Year, p.Value)));
        if (line is null)
            return Basis(IndicatorTargetStatus.InsufficientData, "trend", s, [.. used, .. window.Select(Use)], threshold, required: required,
                extraLeftOut: windowLeftOut, note: $"{window.Count} {method} complete year(s); a trend needs {Trend.MinPoints}");
        var (projected, clampNote) = Clamp(indicator, line.At(t.Year));
        IndicatorTargetStatus status;
        if (IndicatorTarget.Meets(comparison, projected, threshold)) status = IndicatorTargetStatus.OnTrack;
        else status = Math.Abs(projected - threshold) <= AtRiskTolerance * Math.Abs(threshold) ? IndicatorTargetStatus.AtRisk : IndicatorTargetStatus.OffTrack;
        return Basis(status, "trend", s, [.. used, .. window.Select(Use)], threshold, projected, required: required,
            extraLeftOut: windowLeftOut, seriesMethod: method, note: clampNote);
    }

    private static (IndicatorTargetStatus, TargetBasis) EveryYear(IndicatorTarget t, Series s, int currentYear)
    {
        var growth = t.Kind == TargetKind.GrowthEveryYear;
        var from = t.FromYear!.Value;
        var used = new List<FigureUsed>();
        var toCome = new List<int>();
        for (var y = from; y <= t.Year; y++)
        {
            var here = s.At(y);
            var before = growth ? s.At(y - 1) : null;
            if (here is null || (growth && before is null))
            {
                toCome.Add(y);
                continue;
            }
            if (growth && used.All(u => u.Year != y - 1)) used.Add(Use(before!));
            used.Add(Use(here));
            var value = growth ? Rate(before!.Value, here.Value, 1) : here.Value;
            if (!IndicatorTarget.Meets(t.Comparison, value, t.Value))
                return Basis(IndicatorTargetStatus.Missed, "every-year", s, used, t.Value, leftOutWhy: OutsidePeriod(t),
                    note: $"{y}: {(growth ? "growth " : "")}{Show(value)}{(growth ? " %" : "")} does not meet {t.Describe()}");
        }
        var upTo = growth ? from - 1 : from;
        var missing = toCome.Count == 0 ? null : $"no complete figure yet for {string.Join(", ", toCome)}";
        if (toCome.Count == 0)
            return Basis(IndicatorTargetStatus.Achieved, "every-year", s, used, t.Value, leftOutWhy: OutsidePeriod(t));
        if (t.Year < currentYear)
            return Basis(IndicatorTargetStatus.AwaitingData, "every-year", s, used, t.Value, leftOutWhy: OutsidePeriod(t), note: missing);
        return Basis(used.Any(u => u.Year >= from) ? IndicatorTargetStatus.MetSoFar : IndicatorTargetStatus.InsufficientData,
            "every-year", s, used, t.Value, leftOutWhy: OutsidePeriod(t), note: $"every year so far from {upTo} meets; {missing}");
    }

    private static (IndicatorTargetStatus, TargetBasis) Compound(IndicatorTarget t, Series s, int currentYear)
    {
        var baseYear = t.FromYear!.Value - 1;
        if (s.At(baseYear) is not { } b)
            return Basis(IndicatorTargetStatus.InsufficientData, "compound-rate", s, [], t.Value,
                note: $"the base year {baseYear} (the year before the period) has no complete figure");
        var inPeriod = s.Complete.Where(p => p.Year > baseYear && p.Year <= t.Year).ToList();
        var used = new List<FigureUsed> { Use(b) };
        used.AddRange(inPeriod.Select(Use));
        var yearly = string.Join(", ", used.Zip(used.Skip(1))
            .Where(p => p.Second.Year == p.First.Year + 1)
            .Select(p => $"{p.Second.Year} {Show(Rate(p.First.Value, p.Second.Value, 1))} %"));
        var note = yearly.Length > 0 ? $"growth a year: {yearly}" : null;
        if (inPeriod.Count == 0)
        {
            var status = t.Year < currentYear ? IndicatorTargetStatus.AwaitingData : IndicatorTargetStatus.InsufficientData;
            return Basis(status, "compound-rate", s, used, t.Value, leftOutWhy: OutsidePeriod(t), note: $"no complete figure after {baseYear} yet");
        }
        var last = inPeriod[^1];
        var soFar = Rate(b.Value, last.Value, last.Year - baseYear);
        if (last.Year == t.Year)
        {
            var met = IndicatorTarget.Meets(t.Comparison, soFar, t.Value);
            return Basis(met ? IndicatorTargetStatus.Achieved : IndicatorTargetStatus.Missed, "compound-rate", s, used, t.Value,
                rateSoFar: soFar, leftOutWhy: OutsidePeriod(t), note: note);
        }
        if (t.Year < currentYear)
            return Basis(IndicatorTargetStatus.AwaitingData, "compound-rate", s, used, t.Value, rateSoFar: soFar, leftOutWhy: OutsidePeriod(t),
                note: $"the {t.Year} figure is not published yet; {note}");
        // The level the target rate reaches at the end of the period, and the rate the remaining years need to get there.
        var goal = (double)b.Value * Math.Pow(1 + (double)t.Value / 100, t.Year - baseYear);
        var required = Round((decimal)((Math.Pow(goal / (double)last.Value, 1.0 / (t.Year - last.Year)) - 1) * 100));
        IndicatorTargetStatus verdict = IndicatorTarget.Meets(t.Comparison, soFar, t.Value) ? IndicatorTargetStatus.MetSoFar
            : Math.Abs(soFar - t.Value) <= AtRiskTolerance * Math.Abs(t.Value) ? IndicatorTargetStatus.AtRisk : IndicatorTargetStatus.OffTrack;
        return Basis(verdict, "compound-rate", s, used, t.Value, rateSoFar: soFar, required: required, leftOutWhy: OutsidePeriod(t), note: note);
    }

    /// <summary>Compound growth per year, in percent, from <paramref name="from"/> to <paramref name="to"/> over <paramref name="years"/>.</summary>
    internal static decimal Rate(decimal from, decimal to, int years) =>
        from <= 0m || to < 0m ? 0m : Round((decimal)((Math.Pow((double)(to / from), 1.0 / years) - 1) * 100));

    private static (decimal, string?) Clamp(IndicatorDefinition indicator, decimal projected)
    {
        var (low, high) = indicator.Unit switch
        {
            UnitFamily.Rank => (1m, decimal.MaxValue),
            UnitFamily.Percent => (0m, 100m),
            _ => (0m, decimal.MaxValue),
        };
        var clamped = Math.Clamp(projected, low, high);
        return clamped == projected
            ? (projected, null)
            : (clamped, $"the trend line gives {Show(projected)}; bounded to {Show(clamped)}, the {(indicator.Unit == UnitFamily.Rank ? "best rank" : "nearest value the indicator can have")}");
    }

    private static Func<int, string> OutsidePeriod(IndicatorTarget t) => _ => $"outside the target's years {t.FirstYearNeeded}–{t.Year}";

    private static FigureUsed Use(SeriesPoint p) => new(p.Year, p.Value, p.Method);

    private static (IndicatorTargetStatus, TargetBasis) Basis(
        IndicatorTargetStatus status, string method, Series s, IReadOnlyList<FigureUsed> used, decimal? threshold, decimal? projected = null,
        decimal? rateSoFar = null, decimal? required = null, Func<int, string>? leftOutWhy = null, IReadOnlyList<FigureLeftOut>? extraLeftOut = null,
        string? seriesMethod = null, string? note = null)
    {
        var usedYears = used.Select(u => u.Year).ToHashSet();
        var leftOut = new Dictionary<int, string>();
        foreach (var p in s.Points.Where(p => !p.Judged)) leftOut[p.Year] = $"{p.Method}: {p.Note}";
        foreach (var x in extraLeftOut ?? []) leftOut.TryAdd(x.Year, x.Reason);
        if (leftOutWhy is not null)
            foreach (var p in s.Complete.Where(p => !usedYears.Contains(p.Year))) leftOut.TryAdd(p.Year, leftOutWhy(p.Year));
        var methods = used.Select(u => u.Method).Distinct().ToList();
        var basis = new TargetBasis(method, seriesMethod ?? (methods.Count == 1 ? methods[0] : null),
            used.OrderBy(u => u.Year).ToList(), leftOut.OrderBy(x => x.Key).Select(x => new FigureLeftOut(x.Key, x.Value)).ToList(),
            Round(threshold), Round(projected), rateSoFar, Round(required), note);
        return (status, basis);
    }

    private static decimal Round(decimal value) => Numbers.Round(value);

    private static decimal? Round(decimal? value) => Numbers.Round(value);

    private static string Show(decimal value) => Round(value).ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A scope's series: every point, its complete (non-partial) ones by year, and the trend window.</summary>
    private sealed class Series(IReadOnlyList<SeriesPoint> points)
    {
        public IReadOnlyList<SeriesPoint> Points { get; } = points.OrderBy(p => p.Year).ToList();

        public IReadOnlyList<SeriesPoint> Complete { get; } = points.Where(p => p.Judged).OrderBy(p => p.Year).ToList();

        public SeriesPoint? At(int year) => Complete.LastOrDefault(p => p.Year == year);

        public string? PartialNote(int year) =>
            Points.FirstOrDefault(p => p.Year == year && !p.Judged) is { } p ? $"the {year} figure is {p.Method}: {p.Note}" : null;

        /// <summary>
        /// The most recent <see cref="Trend.Window"/> complete years, of one method: the method most of them have (a tie goes
        /// to the latest year's), so a line never mixes methods.
        /// </summary>
        public (List<SeriesPoint> Used, string Method, List<FigureLeftOut> LeftOut) Window()
        {
            var window = Complete.TakeLast(Trend.Window).ToList();
            var leftOut = Complete.SkipLast(Trend.Window)
                .Select(p => new FigureLeftOut(p.Year, $"older than the {Trend.Window} most recent complete years")).ToList();
            var method = window.GroupBy(p => p.Method).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(p => p.Year)).First().Key;
            leftOut.AddRange(window.Where(p => p.Method != method)
                .Select(p => new FigureLeftOut(p.Year, $"{p.Method}; the trend line uses {method} years")));
            return (window.Where(p => p.Method == method).ToList(), method, leftOut);
        }
    }
}
