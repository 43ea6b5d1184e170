namespace Hubs.EventSourcing.Commanding;

/// <summary>
/// No figure is recorded as published after today: a live report must never show a figure that, by its own publication
/// date, nobody could have quoted yet. The rule needs "today", so it is checked here, on the events a decision produces,
/// with the day passed in (from <see cref="HubsOptions.TimeProvider"/>, when <see cref="HubsOptions.RefuseFuturePublications"/>
/// is on), and every decider stays a pure function of its
/// command and state. It applies to every event a module marks as published (<see cref="HubsModule{TState}.PublishedOn{TEvent}"/>):
/// R&amp;D reports and revisions, rank placements, exchange rates and indicator figures.
/// </summary>
internal static class PublicationDates
{
    /// <summary>
    /// One day of tolerance past the UTC date: a publication dated "today" in Beijing (UTC+8) is already "tomorrow" for a
    /// UTC clock read before 16:00 UTC, and no time zone is more than 14 hours ahead of UTC.
    /// </summary>
    public const int ToleranceDays = 1;

    /// <summary>The latest publication date the options accept now: none after <see cref="DateOnly.MaxValue"/> when the rule is off.</summary>
    public static DateOnly Latest(HubsOptions options) =>
        options.RefuseFuturePublications ? Latest(options.TimeProvider) : DateOnly.MaxValue;

    /// <summary>The latest publication date accepted at the clock's present instant.</summary>
    public static DateOnly Latest(TimeProvider clock) =>
        DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(ToleranceDays);

    /// <summary>The violation of an event dated after <paramref name="latest"/>, or null.</summary>
    public static RuleViolation? Check(object e, DateOnly latest) =>
        HubsModel.Current.EventsByType.TryGetValue(e.GetType(), out var declared) && declared.PublishedOn is { } publishedOn
        && publishedOn(e) is { } date && date > latest
            ? new RuleViolation("published-in-future", "PublishedOn", date,
                $"PublishedOn {date:yyyy-MM-dd} is in the future: the latest publication date accepted now is {latest:yyyy-MM-dd} "
                + $"(today in UTC plus {ToleranceDays} day for time zones ahead of UTC).")
            : null;
}
