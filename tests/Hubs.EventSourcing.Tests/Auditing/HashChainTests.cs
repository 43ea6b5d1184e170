using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;

namespace Hubs.EventSourcing.Tests.Auditing;

public sealed class HashChainTests
{
    private static ChainLink Link(string previous = "") => new(
        "region:beijing", 1, "region_registered_v2", new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero), "analyst:wang", "seed",
        "Xinhua 2026-01-14", "00000000-0000-0000-0000-000000000001", "corr", "",
        "{\"kind\": \"municipality\", \"name\": \"北京 Beijing\", \"regionId\": \"beijing\"}", previous);

    [Fact]
    public void the_hash_matches_the_documented_recipe_computed_independently()
    {
        // Computed with Python's hashlib over length-prefixed UTF-8 fields, as docs/auditing.md describes.
        HashChain.Compute(Link()).ShouldBe("0922633864c2fd1c297ca769d0c859caed27d22e4c2515568e6f8d9dc22965d9");
    }

    [Fact]
    public void the_previous_hash_changes_the_hash() =>
        HashChain.Compute(Link("abc")).ShouldNotBe(HashChain.Compute(Link()));

    [Fact]
    public void moving_text_between_fields_changes_the_hash()
    {
        var a = Link() with { Actor = "ab", Reason = "c" };
        var b = Link() with { Actor = "a", Reason = "bc" };
        HashChain.Compute(a).ShouldNotBe(HashChain.Compute(b));
    }

    [Fact]
    public void timestamps_are_floored_to_microseconds_and_formatted_in_utc()
    {
        var t = new DateTimeOffset(2026, 1, 14, 16, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567);
        var floored = HashChain.ToMicroseconds(t);
        floored.Offset.ShouldBe(TimeSpan.Zero);
        floored.UtcTicks.ShouldBe(t.UtcTicks - 7);
        HashChain.FormatTimestamp(floored).ShouldBe("2026-01-14T08:00:00.123456Z");
    }
}
