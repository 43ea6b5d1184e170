using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.ExchangeRates;
using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;
using JasperFx.Events;

namespace Hubs.EventSourcing.Tests.Tracking;

/// <summary>The tracking rules of docs/tracking.md, each on hand-computed numbers, through the in-memory replay.</summary>
public sealed class TrackingRulesTests
{
    private const string Cny = "CNY 100m";
    private static readonly Target Rd4 = new(TargetMetric.RdIntensity, null, 4.0m, 2035);
    private readonly List<IEvent> _events = [];
    private DateTimeOffset _clock = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private void Given(string streamKey, object data, string actor = "analyst:test")
    {
        _clock = _clock.AddMinutes(1);
        _events.Add(new Event<object>(data) { StreamKey = streamKey, Timestamp = _clock, Sequence = _events.Count + 1, UserName = actor });
    }

    /// <summary>A cluster "c" with the given members, each with (year, intensity, expenditure, unit) figures, and a 4 % target.</summary>
    private void Cluster(params (string Id, (int Year, decimal Pct, decimal? Exp, string? Unit)[] Years)[] members)
    {
        Given(Keys.Cluster("c"), new ClusterEstablished("c", "C", "City", ClusterScope.Regional, new DateOnly(2020, 1, 1)));
        foreach (var (id, years) in members)
        {
            Given(Keys.Region(id), new RegionRegistered(id, id, RegionKind.Province));
            Given(Keys.Cluster("c"), new RegionJoinedCluster("c", id, new DateOnly(2020, 1, 1)));
            Given(Keys.Region(id), new RegionAssignedToCluster(id, "c", new DateOnly(2020, 1, 1)));
            foreach (var y in years)
                Given(Keys.Region(id), new RdIntensityReported(id, y.Year, y.Pct, y.Exp, y.Unit, new DateOnly(y.Year + 1, 9, 1), "stats office"));
        }
        Given(Keys.Cluster("c"), new ClusterTargetSet("c", TargetMetric.RdIntensity, null, 4.0m, 2035));
    }

    private static (int, decimal, decimal?, string?) Y(int year, decimal pct, decimal? exp = null, string? unit = Cny) =>
        (year, pct, exp, exp is null ? null : unit);

    private void Rate(int year, decimal cnyPerUnit, DateOnly? publishedOn = null) =>
        Given(Keys.ExchangeRate("HKD"), new ExchangeRateRecorded("HKD", year, cnyPerUnit, publishedOn, "indicative"));

    private ClusterScorecard Card(IEnumerable<IEvent>? events = null) => new TrackingViews(TrackingReplay.Build(events ?? _events)).Scorecard("c")!;

    [Fact]
    public void a_partial_latest_year_is_shown_but_the_status_comes_from_the_last_complete_year()
    {
        // 2019–2021: a 2.0 % (100) and b 4.0 % (300): GDP 5000 + 7500, weighted 100·400/12500 = 3.2 each year.
        // 2022: only a, at 10.0 %: partial. Counting it would say "achieved" (10 ≥ 4).
        Cluster(("a", [Y(2019, 2.0m, 100m), Y(2020, 2.0m, 100m), Y(2021, 2.0m, 100m), Y(2022, 10.0m)]),
                ("b", [Y(2019, 4.0m, 300m), Y(2020, 4.0m, 300m), Y(2021, 4.0m, 300m)]));

        var card = Card();
        var t = card.Targets.Single();

        card.RdIntensity[^1].ShouldBe(new CompositeYear(2022, 10.0m, CompositeMethod.Partial, 1, 2, ["b"], null));
        // Flat 3.2: projected 3.2, misses 4.0 by 0.8 > 0.4 → off track. Required (4.0 − 3.2) / (2035 − 2021) = 0.8/14 = 0.0571.
        (t.LatestYear, t.Latest, t.Projected, t.RequiredAnnualChange, t.Status).ShouldBe((2021, 3.2m, 3.2m, 0.0571m, TargetStatus.OffTrack));
        t.Basis.Series.ShouldBe("composite");
        t.Basis.Method.ShouldBe(CompositeMethod.Weighted);
        t.Basis.Members.ShouldBe(["a", "b"]);
        t.Basis.YearsUsed.ShouldBe([2019, 2020, 2021]);
        t.Basis.LatestCompleteYear.ShouldBe(2021);
        t.Basis.ExcludedYears.ShouldBe([new ExcludedYear(2022, YearExclusion.Partial, "partial: 1 of 2 members reported; missing b")]);
        (t.Basis.Projected, t.Basis.RequiredAnnualChange, t.Basis.Reason).ShouldBe((3.2m, 0.0571m, null));
    }

    [Fact]
    public void with_three_weighted_years_among_the_last_five_the_line_is_weighted_and_the_mean_years_stay_out()
    {
        // 2018–2020 weighted 3.2; 2021–2022 b has no expenditure: mean (2.0 + 4.0)/2 = 3.0. Mixing would bend the line down.
        Cluster(("a", [Y(2018, 2.0m, 100m), Y(2019, 2.0m, 100m), Y(2020, 2.0m, 100m), Y(2021, 2.0m, 100m), Y(2022, 2.0m, 100m)]),
                ("b", [Y(2018, 4.0m, 300m), Y(2019, 4.0m, 300m), Y(2020, 4.0m, 300m), Y(2021, 4.0m), Y(2022, 4.0m)]));

        var t = Card().Targets.Single();

        t.Basis.Method.ShouldBe(CompositeMethod.Weighted);
        t.Basis.YearsUsed.ShouldBe([2018, 2019, 2020]);
        t.Basis.LatestCompleteYear.ShouldBe(2022);
        t.Basis.ExcludedYears.Select(x => (x.Year, x.Kind)).ShouldBe([(2021, YearExclusion.OtherMethod), (2022, YearExclusion.OtherMethod)]);
        // Flat 3.2 from 2020: required (4.0 − 3.2) / 15 = 0.0533.
        (t.LatestYear, t.Latest, t.Projected, t.RequiredAnnualChange).ShouldBe((2020, 3.2m, 3.2m, 0.0533m));
    }

    [Fact]
    public void with_fewer_than_three_weighted_years_among_the_last_five_the_line_is_mean_only()
    {
        // 2018–2019 weighted; 2020–2022 b without expenditure: means (2.0+4.0)/2 = 3.0, (2.2+4.0)/2 = 3.1, (2.4+4.0)/2 = 3.2.
        Cluster(("a", [Y(2018, 2.0m, 100m), Y(2019, 2.0m, 100m), Y(2020, 2.0m, 100m), Y(2021, 2.2m, 110m), Y(2022, 2.4m, 120m)]),
                ("b", [Y(2018, 4.0m, 300m), Y(2019, 4.0m, 300m), Y(2020, 4.0m), Y(2021, 4.0m), Y(2022, 4.0m)]));

        var t = Card().Targets.Single();

        t.Basis.Method.ShouldBe(CompositeMethod.Mean);
        t.Basis.YearsUsed.ShouldBe([2020, 2021, 2022]);
        t.Basis.ExcludedYears.Select(x => (x.Year, x.Kind)).ShouldBe([(2018, YearExclusion.OtherMethod), (2019, YearExclusion.OtherMethod)]);
        // Slope 0.1 around (2021, 3.1): at 2035 3.1 + 1.4 = 4.5 ≥ 4.0 → on track.
        (t.TrendSlope, t.Projected, t.Status).ShouldBe((0.1m, 4.5m, TargetStatus.OnTrack));
    }

    [Fact]
    public void hong_kong_dollars_are_weighted_with_yuan_through_the_year_rate()
    {
        // a: 2.0 % of GDP, 100 × 10⁸ CNY = 10¹⁰ CNY → GDP 5·10¹¹. h: 1.0 %, 10,000 × 10⁶ HKD = 10¹⁰ HKD × 0.9 = 9·10⁹ CNY → GDP 9·10¹¹.
        // Weighted: 100 · 1.9·10¹⁰ / 1.4·10¹² = 1.357142… → 1.3571 (the plain mean would be 1.5).
        Cluster(("a", [Y(2022, 2.0m, 100m)]), ("h", [Y(2022, 1.0m, 10_000m, "HKD m")]));
        Rate(2022, 0.9m);

        Card().RdIntensity.Single().ShouldBe(new CompositeYear(2022, 1.3571m, CompositeMethod.Weighted, 2, 2, [], null));
    }

    [Fact]
    public void a_year_without_a_rate_is_not_weighted_and_a_weighted_line_leaves_it_out_as_missing_rate()
    {
        // 2019–2021 with rates 1.0: a 2.0 % (100 × 10⁸ = 10¹⁰), h 4.0 % (30,000 × 10⁶ = 3·10¹⁰): 100·4·10¹⁰/(5·10¹¹ + 7.5·10¹¹) = 3.2.
        // 2022 has no HKD rate: mean (2.0 + 4.0)/2 = 3.0.
        var years = new[] { 2019, 2020, 2021, 2022 };
        Cluster(("a", years.Select(y => Y(y, 2.0m, 100m)).ToArray()), ("h", years.Select(y => Y(y, 4.0m, 30_000m, "HKD m")).ToArray()));
        foreach (var y in years.SkipLast(1)) Rate(y, 1.0m);

        var card = Card();
        var t = card.Targets.Single();

        card.RdIntensity.Select(y => (y.Year, y.Value, y.Method)).ShouldBe([
            (2019, 3.2m, CompositeMethod.Weighted), (2020, 3.2m, CompositeMethod.Weighted), (2021, 3.2m, CompositeMethod.Weighted),
            (2022, 3.0m, CompositeMethod.Mean)]);
        card.RdIntensity[^1].Note.ShouldBe("h: no HKD→CNY rate for 2022");
        t.Basis.YearsUsed.ShouldBe([2019, 2020, 2021]);
        t.Basis.ExcludedYears.ShouldBe([new ExcludedYear(2022, YearExclusion.MissingRate,
            "not weighted (h: no HKD→CNY rate for 2022); the trend line uses weighted years")]);
    }

    [Fact]
    public void a_rate_without_a_publication_date_is_known_from_the_day_it_was_recorded()
    {
        Cluster(("a", [Y(2022, 2.0m, 100m)]), ("h", [Y(2022, 1.0m, 10_000m, "HKD m")]));
        Rate(2022, 0.9m); // recorded 2026-01-01, no publication date

        Card(TrackingReplay.PublishedOnOrBefore(_events, new DateOnly(2025, 12, 31))).RdIntensity.Single().Method.ShouldBe(CompositeMethod.Mean);
        Card(TrackingReplay.PublishedOnOrBefore(_events, new DateOnly(2026, 1, 1))).RdIntensity.Single().Method.ShouldBe(CompositeMethod.Weighted);
    }

    [Fact]
    public void a_member_that_never_reports_leaves_the_cluster_insufficient_until_an_exclusion_and_again_after_its_reversal()
    {
        var years = new[] { 2019, 2020, 2021 };
        Cluster(("a", years.Select(y => Y(y, 2.0m, 100m)).ToArray()), ("b", years.Select(y => Y(y, 4.0m, 300m)).ToArray()), ("m", []));

        var before = Card().Targets.Single();
        before.Status.ShouldBe(TargetStatus.InsufficientData);
        before.Basis.Reason.ShouldBe("no complete year: m reported no year; report its figures or exclude it from the composite on the record");
        before.Basis.ExcludedYears.Select(x => x.Kind).ShouldBe([YearExclusion.Partial, YearExclusion.Partial, YearExclusion.Partial]);

        Given(Keys.Cluster("c"), new MemberExcludedFromComposite("c", "m", "no comparable statistics"), actor: "analyst:li");
        var excluded = Card();
        excluded.CountedMembers.ShouldBe(["a", "b"]);
        excluded.ExcludedFromComposite.ShouldBe([new CompositeExclusion("m", "no comparable statistics", "analyst:li", _clock)]);
        excluded.CompositeCoverage.ShouldBe("over 2 of 3 members — m excluded by analyst:li on 2026-01-01: no comparable statistics");
        excluded.RdIntensity.ShouldAllBe(y => y.Method == CompositeMethod.Weighted && y.Value == 3.2m && y.MemberCount == 2);
        excluded.Targets.Single().Status.ShouldBe(TargetStatus.OffTrack);
        excluded.Targets.Single().Basis.Members.ShouldBe(["a", "b"]);

        Given(Keys.Cluster("c"), new MemberReinstatedInComposite("c", "m", "figures found"));
        var reinstated = Card();
        reinstated.ExcludedFromComposite.ShouldBeEmpty();
        reinstated.Targets.Single().Status.ShouldBe(TargetStatus.InsufficientData);
    }

    [Fact]
    public void a_region_target_basis_names_its_years_and_leaves_older_ones_out_of_the_window()
    {
        var t = TargetEvaluator.Series(Rd4, "region", [(2016, 1m), (2017, 2m), (2018, 3m), (2019, 3.1m), (2020, 3.2m), (2021, 3.3m)]);

        t.Basis.Series.ShouldBe("region");
        t.Basis.Method.ShouldBeNull();
        t.Basis.YearsUsed.ShouldBe([2017, 2018, 2019, 2020, 2021]);
        t.Basis.ExcludedYears.ShouldBe([new ExcludedYear(2016, YearExclusion.OutsideWindow, "older than the 5 most recent years")]);
    }
}
