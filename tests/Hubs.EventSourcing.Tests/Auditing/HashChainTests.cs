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

    [Theory]
    [InlineData("")]
    [InlineData("5e1c0ffee")]
    public void a_writes_framed_fields_hash_every_event_exactly_as_the_recipe_does(string checkpointSeal)
    {
        var frame = new LinkFrame(Link().Timestamp, "analyst:王", "seed", "Xinhua “2026”", "corr-9", "upload-7");
        foreach (var (key, version, payload) in new[] { ("region:beijing", 1L, Link().Payload), ("cluster:大湾区", 1_234_567_890_123L, "{}"),
                     ("region:x", 12L, "{\"s\": \"" + new string('é', 3_000) + "\"}") })
        {
            var link = Link("ab12") with
            {
                StreamKey = key, Version = version, Actor = "analyst:王", Source = "Xinhua “2026”", CorrelationId = "corr-9",
                CausationId = "upload-7", Payload = payload, CheckpointSeal = checkpointSeal,
            };
            frame.Hash(key, version, link.EventType, link.CommandId, System.Text.Encoding.UTF8.GetBytes(payload), "ab12", checkpointSeal)
                .ShouldBe(HashChain.Compute(link), $"the COPY path's hash of {key} v{version} is verify's");
        }
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
