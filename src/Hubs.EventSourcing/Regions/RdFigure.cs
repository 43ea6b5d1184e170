using System.Collections.Concurrent;
using Hubs.EventSourcing.Publications;

namespace Hubs.EventSourcing.Regions;

/// <summary>A year's current R&amp;D figure in a region's state.</summary>
/// <remarks>
/// A region state holds one per year, and an import holds the states of every region it writes (10,000 regions × 100
/// years is a million figures), so the figure is stored compactly: 56 bytes, not the 120 of nine plain fields. Its two
/// numbers are kept as 63-bit mantissas with their scales beside the publication day, the small fields share one integer,
/// what is rare (a correction, a number too wide) lives in a second object only when there is one, and equal unit texts
/// are one string (a file or the store gives every figure its own copy of "CNY 100m", ≈ 40 bytes each).
/// </remarks>
public sealed record RdFigure
{
    private const int QualityMask = 0xFF, UndatedBit = 1 << 8, ExpenditureBit = 1 << 9, RevisionsShift = 10;
    private const int DayMask = (1 << 22) - 1, PctScaleShift = 22, ExpScaleShift = 27, ScaleMask = 0x1F;

    /// <summary>The most revisions a figure can count (22 bits).</summary>
    private const int MaxRevisions = (1 << (32 - RevisionsShift)) - 1;

    // The intensity and the expenditure as signed mantissas (their scales in _dayScales), when they fit 63 bits: any
    // figure a statistics office prints. One that does not is kept whole in _rare.
    private readonly long _pct, _exp;
    private readonly string? _unit;
    private readonly Rare? _rare;
    // The publication day number (bits 0–21), the intensity's scale (22–26) and the expenditure's (27–31).
    private readonly int _dayScales;
    // Quality (bits 0–7), undated (8), has an expenditure (9), revisions (10–31).
    private readonly int _packed;

    /// <summary>What few figures have: a correction, or a number too wide for a mantissa of 63 bits.</summary>
    private sealed record Rare(string? Correction, decimal? CorrectedFrom, decimal? WidePct, decimal? WideExp)
    {
        public static Rare? Of(string? correction, decimal? correctedFrom, decimal? widePct, decimal? wideExp) =>
            correction is null && correctedFrom is null && widePct is null && wideExp is null
                ? null : new Rare(correction, correctedFrom, widePct, wideExp);
    }

    /// <summary>A year's figure.</summary>
    /// <param name="IntensityPct">Latest published figure.</param>
    /// <param name="Expenditure">Latest published expenditure, if any.</param>
    /// <param name="ExpenditureUnit">Its unit.</param>
    /// <param name="PublishedOn">Publication date of the latest figure.</param>
    /// <param name="Revisions">How many times the year was revised after its first report.</param>
    /// <param name="Quality">The quality of the publication in use (a report or revision counts as official).</param>
    /// <param name="Undated">Whether the publication in use has no date (its <paramref name="PublishedOn"/> is then the earliest date).</param>
    /// <param name="Correction">The reason of the last correction of this figure (<see cref="RdFigureCorrected"/>), if it was corrected.</param>
    /// <param name="CorrectedFrom">The intensity first recorded for this publication, if it was corrected: recording it again is no news.</param>
    public RdFigure(decimal IntensityPct, decimal? Expenditure, string? ExpenditureUnit, DateOnly PublishedOn, int Revisions,
        PublicationQuality Quality = PublicationQuality.Official, bool Undated = false, string? Correction = null, decimal? CorrectedFrom = null)
    {
        var pctFits = TryNarrow(IntensityPct, out _pct, out var pctScale);
        var expFits = TryNarrow(Expenditure.GetValueOrDefault(), out _exp, out var expScale);
        _dayScales = PublishedOn.DayNumber | pctScale << PctScaleShift | expScale << ExpScaleShift;
        _rare = Rare.Of(Correction, CorrectedFrom, pctFits ? null : IntensityPct, expFits ? null : Expenditure);
        _unit = UnitTexts.Shared(ExpenditureUnit);
        _packed = Pack(Quality, Undated, Expenditure.HasValue, Revisions);
    }

    /// <summary>Latest published figure.</summary>
    public decimal IntensityPct
    {
        get => _rare?.WidePct ?? Widen(_pct, (_dayScales >>> PctScaleShift) & ScaleMask);
        init
        {
            var fits = TryNarrow(value, out _pct, out var scale);
            _dayScales = (_dayScales & ~(ScaleMask << PctScaleShift)) | scale << PctScaleShift;
            _rare = Rare.Of(_rare?.Correction, _rare?.CorrectedFrom, fits ? null : value, _rare?.WideExp);
        }
    }

    /// <summary>Latest published expenditure, if any.</summary>
    public decimal? Expenditure
    {
        get => (_packed & ExpenditureBit) == 0 ? null : _rare?.WideExp ?? Widen(_exp, (_dayScales >>> ExpScaleShift) & ScaleMask);
        init
        {
            var fits = TryNarrow(value.GetValueOrDefault(), out _exp, out var scale);
            _dayScales = (_dayScales & ~(ScaleMask << ExpScaleShift)) | scale << ExpScaleShift;
            _rare = Rare.Of(_rare?.Correction, _rare?.CorrectedFrom, _rare?.WidePct, fits ? null : value);
            _packed = value.HasValue ? _packed | ExpenditureBit : _packed & ~ExpenditureBit;
        }
    }

    /// <summary>Its unit.</summary>
    public string? ExpenditureUnit { get => _unit; init => _unit = UnitTexts.Shared(value); }

    /// <summary>Publication date of the latest figure.</summary>
    public DateOnly PublishedOn { get => DateOnly.FromDayNumber(_dayScales & DayMask); init => _dayScales = (_dayScales & ~DayMask) | value.DayNumber; }

    /// <summary>How many times the year was revised after its first report.</summary>
    public int Revisions
    {
        get => (int)((uint)_packed >> RevisionsShift);
        init => _packed = Pack(Quality, Undated, Expenditure.HasValue, value);
    }

    /// <summary>The quality of the publication in use (a report or revision counts as official).</summary>
    public PublicationQuality Quality
    {
        get => (PublicationQuality)(_packed & QualityMask);
        init => _packed = Pack(value, Undated, Expenditure.HasValue, Revisions);
    }

    /// <summary>Whether the publication in use has no date (its <see cref="PublishedOn"/> is then the earliest date).</summary>
    public bool Undated
    {
        get => (_packed & UndatedBit) != 0;
        init => _packed = value ? _packed | UndatedBit : _packed & ~UndatedBit;
    }

    /// <summary>The reason of the last correction of this figure (<see cref="RdFigureCorrected"/>), if it was corrected.</summary>
    public string? Correction { get => _rare?.Correction; init => _rare = Rare.Of(value, _rare?.CorrectedFrom, _rare?.WidePct, _rare?.WideExp); }

    /// <summary>The intensity first recorded for this publication, if it was corrected: recording it again is no news.</summary>
    public decimal? CorrectedFrom { get => _rare?.CorrectedFrom; init => _rare = Rare.Of(_rare?.Correction, value, _rare?.WidePct, _rare?.WideExp); }

    /// <summary>Equal when every field is (decimals by value: 1.0 equals 1.00, as for any decimal).</summary>
    public bool Equals(RdFigure? other) =>
        other is not null && (ReferenceEquals(this, other)
            || (IntensityPct == other.IntensityPct && Expenditure == other.Expenditure && ExpenditureUnit == other.ExpenditureUnit
                && PublishedOn == other.PublishedOn && Revisions == other.Revisions && Quality == other.Quality && Undated == other.Undated
                && Correction == other.Correction && CorrectedFrom == other.CorrectedFrom));

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(IntensityPct, Expenditure, ExpenditureUnit, PublishedOn, Revisions, Quality, Undated, HashCode.Combine(Correction, CorrectedFrom));

    /// <summary>A decimal as a signed mantissa of 63 bits and its scale, when it fits (a negative zero does not: its sign would be lost).</summary>
    private static bool TryNarrow(decimal value, out long mantissa, out int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var negative = bits[3] < 0;
        scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] != 0 || bits[1] < 0 || (negative && bits[0] == 0 && bits[1] == 0))
        {
            (mantissa, scale) = (0, 0);
            return false;
        }
        var magnitude = ((long)bits[1] << 32) | (uint)bits[0];
        mantissa = negative ? -magnitude : magnitude;
        return true;
    }

    private static decimal Widen(long mantissa, int scale)
    {
        var magnitude = mantissa < 0 ? -mantissa : mantissa;
        return new decimal((int)magnitude, (int)(magnitude >> 32), 0, mantissa < 0, (byte)scale);
    }

    private static int Pack(PublicationQuality quality, bool undated, bool hasExpenditure, int revisions)
    {
        if ((uint)quality > QualityMask) throw new ArgumentOutOfRangeException(nameof(quality), quality, "Not a publication quality.");
        if (revisions is < 0 or > MaxRevisions)
            throw new ArgumentOutOfRangeException(nameof(revisions), revisions, $"Revisions must be between 0 and {MaxRevisions}.");
        return (int)quality | (undated ? UndatedBit : 0) | (hasExpenditure ? ExpenditureBit : 0) | revisions << RevisionsShift;
    }

    /// <summary>
    /// Unit texts seen, each kept once: units are a small vocabulary, so the first 1,024 distinct ones are shared and any
    /// beyond are kept as given (a hostile input cannot grow the table without bound).
    /// </summary>
    internal static class UnitTexts
    {
        private const int Capacity = 1_024;
        private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);

        public static string? Shared(string? unit) =>
            unit is null ? null
            : Known.TryGetValue(unit, out var known) ? known
            : Known.Count < Capacity ? Known.GetOrAdd(unit, unit)
            : unit;
    }
}
