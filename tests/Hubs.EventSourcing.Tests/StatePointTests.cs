namespace Hubs.EventSourcing.Tests;

public sealed class StatePointTests
{
    [Fact]
    public void an_instant_a_tick_before_an_event_never_rounds_up_to_include_it()
    {
        var recordedAt = new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero).AddTicks(1230); // whole microseconds, as stored

        var point = StatePoint.AtInstant(recordedAt.AddTicks(-1));

        point.Instant!.Value.ShouldBeLessThan(recordedAt);
        point.Instant.Value.UtcTicks.ShouldBe(recordedAt.UtcTicks - 10);
    }

    [Fact]
    public void a_version_point_starts_at_one() =>
        Should.Throw<ArgumentOutOfRangeException>(() => StatePoint.AtVersion(0));
}
