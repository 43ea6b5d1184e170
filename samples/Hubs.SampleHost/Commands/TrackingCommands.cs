using System.ComponentModel;
using System.Globalization;
using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;
using Hubs.SampleHost.Views;
using Hubs.SampleHost.Views.Html;
using Spectre.Console;
using Spectre.Console.Cli;
using CliContext = Spectre.Console.Cli.CommandContext;

namespace Hubs.SampleHost.Commands;

/// <summary>Which report: as of a recorded-at instant and/or as known at a publication date (report and evidence).</summary>
internal class ReportWindowSettings : OutputSettings
{
    [CommandOption("--as-of <INSTANT>")]
    [Description("The report as it would have been computed at this recorded-at instant (ISO 8601).")]
    public string? AsOf { get; set; }

    [CommandOption("--known-at <DATE>")]
    [Description("Only figures published on or before this date (ISO date).")]
    public string? KnownAt { get; set; }

    public DateTimeOffset? AsOfInstant =>
        AsOf is null ? null : Parse.Instant(AsOf);

    public DateOnly? KnownAtDate => KnownAt is null ? null : Parse.IsoDate(KnownAt);

    public override ValidationResult Validate()
    {
        if (AsOf is not null && !Parse.TryInstant(AsOf, out _))
            return ValidationResult.Error($"--as-of '{AsOf}' is not an ISO 8601 instant such as 2026-01-14T08:00:00Z.");
        if (KnownAt is not null && !Parse.TryIsoDate(KnownAt, out _))
            return ValidationResult.Error($"--known-at '{KnownAt}' is not an ISO date such as 2025-09-30.");
        return base.Validate();
    }
}

/// <summary>Cluster scorecards, region trackers and targets: the point of the product.</summary>
internal sealed class ReportSettings : ReportWindowSettings
{
    [CommandOption("--no-verify")]
    [Description("Skip the verification of the hash chains that runs with every report (the report then says it was not run).")]
    public bool NoVerify { get; set; }

    [CommandOption("--html <FILE>")]
    [Description("Also write the report as one self-contained HTML dashboard: the verification, every target with its status and basis, charts per cluster and region, the leaderboard, enterprises and what changed.")]
    public string? Html { get; set; }

    [CommandOption("--changes-since <INSTANT>")]
    [Description("Start of the HTML page's \"What changed\" timeline (ISO 8601 instant). Default: 30 days before the report's point.")]
    public string? ChangesSince { get; set; }

    [CommandOption("--cluster <CLUSTER>")]
    [Description("Only this cluster (id or name): its scorecard, member regions, enterprises and indicators, with the nation as comparator.")]
    public string? Cluster { get; set; }

    [CommandOption("--year <YEAR>")]
    [Description("The year indicator target deadlines are judged against (a deadline before it is past). Default: the current year (UTC).")]
    public int? Year { get; set; }

    public DateTimeOffset? ChangesSinceInstant => ChangesSince is null ? null : Parse.Instant(ChangesSince);

    public override ValidationResult Validate()
    {
        if (ChangesSince is not null && !Parse.TryInstant(ChangesSince, out _))
            return ValidationResult.Error($"--changes-since '{ChangesSince}' is not an ISO 8601 instant such as 2026-01-14T08:00:00Z.");
        if (ChangesSince is not null && Html is null)
            return ValidationResult.Error("--changes-since sets the HTML page's timeline: give --html <FILE> with it.");
        return base.Validate();
    }
}

internal sealed class ReportCommand : AsyncCommand<ReportSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken, emptyIsAnAnswer: true);
        var asOf = settings.AsOfInstant;
        var knownAt = settings.KnownAtDate;
        // Verified first, so that the report never shows figures from a broken store as if nothing were wrong.
        var integrity = await ReportIntegrity.CheckAsync(store, settings.NoVerify, cancellationToken);
        var report = await LoadAsync(store, asOf, knownAt, cancellationToken);
        var indicators = await LoadIndicatorsAsync(store, settings.Year ?? DateTime.UtcNow.Year, asOf, knownAt, cancellationToken);
        if (settings.Cluster is { } wanted)
        {
            var cluster = ReportScope.Find(report, wanted);
            (report, indicators) = (ReportScope.Narrow(report, cluster), ReportScope.Narrow(indicators, cluster));
        }
        var rankings = await RankingSection.LoadAsync(store, report.Clusters.Select(c => c.Id), asOf, knownAt, cancellationToken);
        store.ReportTimings("report ready");
        if (settings.Html is { } html)
        {
            var input = await HtmlReportInput.LoadAsync(store, report, integrity, asOf, knownAt, settings.ChangesSinceInstant, cancellationToken, settings.Year, indicators, rankings);
            await HtmlReport.WriteAsync(input, html, cancellationToken);
            Consoles.Error.MarkupLineInterpolated($"[grey]HTML report written to {html}[/]");
        }
        if (settings.Json)
        {
            Consoles.WriteJson(ToJson(report, asOf, knownAt, integrity, indicators, rankings));
            return integrity.ExitCode;
        }
        integrity.Print();
        if (asOf is not null || knownAt is not null)
            Consoles.Out.MarkupLineInterpolated(
                $"[bold]Report[/] as of {(asOf is { } a ? Formats.Instant(a) : "now")}, figures known at {(knownAt is { } k ? k.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "any date")}");
        if (report.Clusters.Count == 0 && report.Regions.Count == 0)
        {
            await SayWhyEmptyAsync(store, asOf, cancellationToken);
            return integrity.ExitCode;
        }
        var notes = await TargetNotes.LoadAsync(store, report, asOf, cancellationToken);
        Consoles.Out.Write(TrackingTables.Scorecards(report.Clusters, notes));
        Consoles.Out.Write(rankings.View());
        Consoles.Out.Write(TrackingTables.Regions(report.Regions));
        Consoles.Out.Write(TrackingTables.RegionTargets(report.Regions, notes));
        Consoles.Out.Write(IndicatorText.Render(indicators));
        Consoles.Out.WriteLine();
        if (report.Enterprises.ClusterEffect.Count > 0)
            Consoles.Out.MarkupLineInterpolated($"Cluster effect (enterprises in two or more clusters): {string.Join(", ", report.Enterprises.ClusterEffect)}");
        if (!integrity.Intact) integrity.Print();
        return integrity.ExitCode;
    }

    /// <summary>An empty report is an answer, not a blank page: say what as-of means and when the store's history starts.</summary>
    private static async Task SayWhyEmptyAsync(HubsStore store, DateTimeOffset? asOf, CancellationToken ct)
    {
        var first = await store.FirstRecordedAtAsync(ct);
        if (first is null)
            Consoles.Out.MarkupLine("The store holds no events yet: nothing to report. [grey]hubs demo loads the seed story.[/]");
        else if (asOf is { } a && a < first)
            Consoles.Out.MarkupLineInterpolated(
                $"Nothing had been recorded by {Formats.Instant(a)}: --as-of is the recorded-at instant (when the store learned a fact), not a statistical year, and the first event was recorded at {Formats.Instant(first.Value)}. For figures as published by a date, use --known-at.");
        else
            Consoles.Out.MarkupLine("No cluster or region was registered at that point: nothing to report.");
    }

    /// <summary>
    /// The report at a point (as of, as known at), or the live one, always replayed from the event log in memory through the
    /// same folds as the read models. A reader must not write, and catching the read models up would write them (and fail
    /// under a SELECT-only role); the live report is the as-of replay at an instant past every event (with no point at all
    /// the library reads the read models instead).
    /// </summary>
    public static Task<TrackingReport> LoadAsync(HubsStore store, DateTimeOffset? asOf, DateOnly? knownAt, CancellationToken ct) =>
        store.HasEventStore ? store.Tracking.GetReportAsync(asOf ?? EndOfTime, knownAt, ct) : Task.FromResult(Leaderboards.EmptyReport);

    /// <summary>The indicator scorecards at the same point, replayed through the same read-model folds.</summary>
    public static async Task<IndicatorReport> LoadIndicatorsAsync(HubsStore store, int year, DateTimeOffset? asOf, DateOnly? knownAt, CancellationToken ct) =>
        store.HasEventStore ? await store.Tracking.IndicatorReportAsync(year, asOf ?? EndOfTime, knownAt, ct)
            : new IndicatorReport(year, knownAt, [], [], [], new Dictionary<string, string>());

    /// <summary>An instant after any event can have been recorded: the live report as a replay.</summary>
    private static readonly DateTimeOffset EndOfTime = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The report's fixed JSON shape (documented in the README): camelCase keys, enums as kebab-case strings.</summary>
    /// <param name="integrity">The verification state the report carries; null in the demo, whose verify section follows.</param>
    /// <param name="indicators">The indicator scorecards (per cluster, the nation apart); null leaves the key out.</param>
    /// <param name="rankings">Every ranking edition and each hub's place in them; null leaves the key out.</param>
    public static object ToJson(TrackingReport report, DateTimeOffset? asOf, DateOnly? knownAt, ReportIntegrity? integrity, IndicatorReport? indicators,
        RankingSection? rankings = null) => new
    {
        asOf,
        knownAt,
        verification = integrity?.ToJson(),
        compositeBasis = "counted members (current members less recorded exclusions) for every year",
        clusters = report.Clusters.Select(c => new
        {
            id = c.Id,
            name = c.Name,
            scope = c.Scope,
            members = c.Members,
            countedMembers = c.CountedMembers,
            excludedFromComposite = c.ExcludedFromComposite.Select(x => new { regionId = x.RegionId, reason = x.Reason, by = x.ExcludedBy, at = x.ExcludedAt }),
            compositeCoverage = c.CompositeCoverage,
            rdIntensity = c.RdIntensity.Select(y => new
            {
                year = y.Year, value = y.Value, method = y.Method, coverage = y.Coverage, memberCount = y.MemberCount, missing = y.Missing, note = y.Note,
            }),
            ranks = c.Ranks.Select(Rank),
            targets = c.Targets.Select(Target),
            enterprises = c.Enterprises,
        }),
        regions = report.Regions.Select(r => new
        {
            id = r.Id,
            name = r.Name,
            // Which publication each figure comes from, where a quote's missing expenditure was taken from, and its correction.
            rdIntensity = r.RdIntensity.Select(y => new
            {
                year = y.Year, value = y.Value, expenditure = y.Expenditure, expenditureUnit = y.ExpenditureUnit, expenditureFrom = y.ExpenditureFrom,
                publishedOn = y.PublishedOn, source = y.Source, revisions = y.Revisions, correction = y.Correction,
            }),
            targets = r.Targets.Select(Target),
        }),
        exchangeRates = report.ExchangeRates.Select(r => new
        {
            currency = r.Currency, year = r.Year, cnyPerUnit = r.CnyPerUnit, publishedOn = r.PublishedOn, source = r.Source, recordedAt = r.RecordedAt,
        }),
        indicators = indicators is null ? null : IndicatorText.Json(indicators),
        rankings = rankings?.ToJson(),
    };

    private static object Target(TargetTracking t) => new
    {
        metric = t.Metric,
        ranking = t.Ranking,
        target = t.Target,
        deadline = t.Deadline,
        latestYear = t.LatestYear,
        latest = t.Latest,
        projected = t.Projected,
        requiredAnnualChange = t.RequiredAnnualChange,
        status = t.Status,
        basis = new
        {
            series = t.Basis.Series,
            method = t.Basis.Method,
            members = t.Basis.Members,
            yearsUsed = t.Basis.YearsUsed,
            latestCompleteYear = t.Basis.LatestCompleteYear,
            excludedYears = t.Basis.ExcludedYears.Select(x => new { year = x.Year, kind = x.Kind, reason = x.Reason }),
            projected = t.Basis.Projected,
            requiredAnnualChange = t.Basis.RequiredAnnualChange,
            reason = t.Basis.Reason,
            placements = t.Basis.Placements?.Select(Rank),
        },
    };

    /// <summary>A placement with where it was read: the edition and the ranked name holding the hub's best place, or a recorded rank.</summary>
    private static object Rank(RankPlacement r) => new
    {
        ranking = r.Ranking, edition = r.Edition, rank = r.Rank, place = r.Place, rankedName = r.RankedName, origin = r.Origin,
        editionId = r.EditionId, basis = r.Basis,
    };
}

internal sealed class LeaderboardSettings : OutputSettings
{
    [CommandOption("--no-verify")]
    [Description("Skip the verification of the hash chains that runs with the leaderboard (it then says it was not run).")]
    public bool NoVerify { get; set; }

    [CommandOption("--year <YEAR>")]
    [Description("Reference year. Default: the latest year any region reported.")]
    public int? Year { get; set; }

    [CommandOption("--indicator <KEY>")]
    [Description("Rank on a catalogue indicator instead (e.g. basic_research_share_of_rd), each region by its latest complete year.")]
    public string? Indicator { get; set; }

    public override ValidationResult Validate() =>
        Indicator is null ? base.Validate()
        : IndicatorLeaderboardCommand.Unknown(Indicator) is { } error ? ValidationResult.Error(error)
        : Year is not null ? ValidationResult.Error($"--year {Year} ranks R&D intensity in one year; with --indicator each region's latest complete year is used: give one of them.")
        : base.Validate();
}

/// <summary>Regions ranked by R&amp;D intensity for a year; national comparators shown apart, unranked.</summary>
internal sealed class LeaderboardCommand : AsyncCommand<LeaderboardSettings>
{
    public override async Task<int> ExecuteAsync(CliContext context, LeaderboardSettings settings, CancellationToken cancellationToken)
    {
        await using var store = await HubsStore.OpenReadOnlyAsync(settings, cancellationToken, emptyIsAnAnswer: true);
        var integrity = await ReportIntegrity.CheckAsync(store, settings.NoVerify, cancellationToken);
        if (settings.Indicator is { } indicator)
        {
            if (!settings.Json) integrity.Print();
            await IndicatorLeaderboardCommand.WriteAsync(store, indicator, DateTime.UtcNow.Year, null, settings.Json, cancellationToken);
            return integrity.ExitCode;
        }
        var report = await ReportCommand.LoadAsync(store, null, null, cancellationToken);
        var board = Leaderboards.Of(report, settings.Year);
        if (settings.Json)
        {
            Consoles.WriteJson(new { board.Year, board.Entries, board.Comparators, verification = integrity.ToJson() });
            return integrity.ExitCode;
        }
        integrity.Print();
        if (board.Entries.Count == 0 && board.Comparators.Count == 0)
        {
            // An empty chart says nothing (and Spectre's bar chart cannot draw one): say why, and where the figures are.
            var years = report.Regions
                .SelectMany(r => r.RdIntensity.Select(y => y.Year)).Distinct().Order().ToList();
            Consoles.Out.WriteLine(years.Count == 0
                ? "No region has reported an R&D intensity yet: nothing to rank (import figures with hubs import rd)."
                : $"No region reported an R&D intensity for {board.Year}; years with figures: {string.Join(", ", years)}.");
        }
        else Consoles.Out.Write(TrackingTables.Leaderboard(board));
        return integrity.ExitCode;
    }
}
