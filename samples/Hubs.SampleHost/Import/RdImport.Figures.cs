using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Hubs.EventSourcing;
using Hubs.EventSourcing.Regions;

namespace Hubs.SampleHost.Import;

// A file of R&D figures, planned row by row: what it keeps is one fingerprint per region-year, not the rows.
internal sealed partial class RdImport
{
    /// <param name="rows">The file's rows, read one at a time.</param>
    /// <param name="regions">The store's regions when the import began (the same for every reading).</param>
    private IEnumerable<Planned> Figures(IEnumerable<DataRow> rows, IReadOnlyList<Region> regions)
    {
        var names = new RegionNames(regions);
        var stored = regions.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var inFile = new RegionYears();

        foreach (var row in rows)
        {
            var (regionText, year, pct, expenditure, unit) = Figure(row);
            var publishedText = row.Text("published_on");
            var publishedOn = row.Date("published_on") ?? DefaultPublishedOn;
            var source = row.Text("source") ?? DefaultSource;
            if (publishedText is null && !PublishedOnGiven)
                source = ImportPlan.UndatedSource(source, DefaultPublishedOn);
            if (regionText is null) continue;

            var (regionId, register) = RegionOf(row, regionText, names);
            if (register is not null) yield return new Planned(register, row.Line, "register");
            if (regionId is null) continue;
            if (year is not { } y || pct is not { } p) continue;

            // A row that says what the store already holds is no revision: a re-run reports it as already recorded. Without a
            // publication date, a re-import on a later day must not "revise" a year to the same figures either.
            var known = stored.TryGetValue(regionId, out var region) && region.Figures.TryGetValue(y, out var figure) ? figure : null;
            var same = known is not null
                && known.IntensityPct == p && MoneyUnit.SameAmount(known.Expenditure, known.ExpenditureUnit, expenditure, unit)
                && (publishedText is null || known.PublishedOn == publishedOn);
            // The same row twice in one file is one report: the second would be planned, and counted, as a revision that the
            // store then finds changes nothing.
            var fingerprint = Fingerprint(p, expenditure, unit, publishedOn);
            var earlier = inFile.Swap(regionId, y, fingerprint);
            var reported = known is not null || earlier is not null;
            if ((SkipReported && reported) || same || earlier == fingerprint)
                yield return Planned.Unchanged(row.Line);
            else if (!reported)
                yield return new Planned(new ReportRdIntensity(regionId, y, p, expenditure, unit, publishedOn, source), row.Line, "report");
            else
                yield return new Planned(new ReviseRdIntensity(regionId, y, p, expenditure, unit, publishedOn, source, RevisionReason ?? source), row.Line, "revision");
        }
    }

    /// <summary>
    /// 64 bits of a SHA-256 over the figures as the repeated-row rule compares them (<see cref="MoneyUnit.SameAmount"/>:
    /// an amount in its currency's units when its unit parses, else as written beside its unit; decimals without trailing
    /// zeros), so a region-year costs a few bytes instead of its figures. Two different rows share one with a chance of
    /// 2⁻⁶⁴ per repeated region-year.
    /// </summary>
    internal static ulong Fingerprint(decimal pct, decimal? amount, string? unit, DateOnly publishedOn)
    {
        var money = amount is not { } a ? $"none|{unit}"
            : MoneyUnit.TryParse(unit, out var u) && Currency(u, a) is { } units ? $"currency|{u.Currency}|{Normal(units)}"
            : $"as-written|{unit}|{Normal(a)}";
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Normal(pct)}|{money}|{publishedOn.DayNumber}"), digest);
        // Never 0, which marks a region-year not seen (RegionYears).
        return Math.Max(1, BinaryPrimitives.ReadUInt64LittleEndian(digest));

        static decimal? Currency(MoneyUnit unit, decimal amount)
        {
            try
            {
                return unit.ToCurrencyUnits(amount);
            }
            catch (OverflowException)
            {
                return null;
            }
        }
    }

    /// <summary>The same value without trailing zeros (2.50 → 2.5), so equal decimals print alike.</summary>
    private static string Normal(decimal value) =>
        (value / 1.0000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Region-years seen in a file, each with its latest fingerprint: per region, one array of fingerprints indexed by year
    /// (0 = not seen), grown as its years widen. A million region-years of 13,000 regions take ≈ 8 MB, where a dictionary
    /// keyed by region and year took ≈ 28 MB of a heap the import's region states need.
    /// </summary>
    private sealed class RegionYears
    {
        private const int Slack = 16;

        /// <summary>
        /// Years tracked: far wider than the library accepts (1950–2100), so no accepted year is missed, while a hostile
        /// year (2,000,000,000) never sizes an array; such a row is refused by the library's year rule anyway.
        /// </summary>
        private const int EarliestTracked = 1000, LatestTracked = 3000;
        private readonly Dictionary<string, Years> _regions = new(StringComparer.Ordinal);

        private sealed class Years(int first)
        {
            public int First = first;
            public ulong[] Prints = new ulong[Slack];
        }

        /// <summary>Records <paramref name="fingerprint"/> (never 0) for the region-year; returns the one it had, null when first seen.</summary>
        public ulong? Swap(string regionId, int year, ulong fingerprint)
        {
            if (year is < EarliestTracked or > LatestTracked) return null;
            if (!_regions.TryGetValue(regionId, out var years)) _regions[regionId] = years = new Years(year);
            if (year < years.First)
            {
                // Widen at the front, exactly: files run forwards in time, so this is rare.
                var wider = new ulong[years.Prints.Length + (years.First - year)];
                years.Prints.CopyTo(wider, years.First - year);
                (years.Prints, years.First) = (wider, year);
            }
            var at = year - years.First;
            if (at >= years.Prints.Length) Array.Resize(ref years.Prints, at + Slack);
            var earlier = years.Prints[at];
            years.Prints[at] = fingerprint;
            return earlier == 0 ? null : earlier;
        }
    }
}
