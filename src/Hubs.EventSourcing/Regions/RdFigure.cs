using System.Collections.Concurrent;
using Hubs.EventSourcing.Publications;

namespace Hubs.EventSourcing.Regions;

/// <summary>A year's current R&amp;D figure in a region's state.</summary>
/// <remarks>
/// A region state holds one per year, and an import holds the states of every region it writes (10,000 regions × 100
/// years is a million figures), so the figure is stored compactly: 72 bytes, not the 120 of nine plain fields. The rare
/// correction fields live in a second object only when set, the small fields share one integer, and equal unit texts are
/// one string (a file or the store gives every figure its own copy of "CNY 100m", ≈ 40 bytes each).
/// </remarks>
public sealed record RdFigure
{
    private const int QualityMask = 0xFF, UndatedBit = 1 << 8, ExpenditureBit = 1 << 9, RevisionsShift = 10;

    /// <summary>The most revisions a figure can count (22 bits).</summary>
    private const int MaxRevisions = (1 << (32 - RevisionsShift)) - 1;

    private readonly decimal _expenditure;
    private readonly string? _unit;
    private readonly Amendment? _amendment;
    private readonly int _day;
    // Quality (bits 0–7), undated (8), has an expenditure (9), revisions (10–31).
    private readonly int _packed;

    /// <summary>The correction of a figure: rare, so kept out of the figure until there is one.</summary>
    private sealed record Amendment(string? Correction, decimal? CorrectedFrom)
    {
        public static Amendment? Of(string? correction, decimal? correctedFrom) =>
            correction is null && correctedFrom is null ? null : new Amendment(correction, correctedFrom);
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
        this.IntensityPct = IntensityPct;
        _expenditure = Expenditure.GetValueOrDefault();
        _unit = UnitTexts.Shared(ExpenditureUnit);
        _day = PublishedOn.DayNumber;
        _amendment = Amendment.Of(Correction, CorrectedFrom);
        _packed = Pack(Quality, Undated, Expenditure.HasValue, Revisions);
    }

    /// <summary>Latest published figure.</summary>
    public decimal IntensityPct { get; init; }

    /// <summary>Latest published expenditure, if any.</summary>
    public decimal? Expenditure
    {
        get => (_packed & ExpenditureBit) != 0 ? _expenditure : null;
        init
        {
            _expenditure = value.GetValueOrDefault();
            _packed = value.HasValue ? _packed | ExpenditureBit : _packed & ~ExpenditureBit;
        }
    }

    /// <summary>Its unit.</summary>
    public string? ExpenditureUnit { get => _unit; init => _unit = UnitTexts.Shared(value); }

    /// <summary>Publication date of the latest figure.</summary>
    public DateOnly PublishedOn { get => DateOnly.FromDayNumber(_day); init => _day = value.DayNumber; }

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
    public string? Correction { get => _amendment?.Correction; init => _amendment = Amendment.Of(value, CorrectedFrom); }

    /// <summary>The intensity first recorded for this publication, if it was corrected: recording it again is no news.</summary>
    public decimal? CorrectedFrom { get => _amendment?.CorrectedFrom; init => _amendment = Amendment.Of(Correction, value); }

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
