using Hubs.EventSourcing.Auditing;

namespace Hubs.EventSourcing.Tests.Auditing;

public sealed class DigestTests
{
    private static Digest Sample() => new(5, 42,
        [new StreamDigest("region:b", 2, "bb"), new StreamDigest("region:a", 3, "aa"), new StreamDigest("cluster:😀", 1, "cc"), new StreamDigest("cluster:\uffff", 1, "dd")],
        new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void heads_are_ordered_by_code_point_as_any_other_language_sorts_them()
    {
        // U+FFFF sorts before U+1F600 by code point, after it by UTF-16 code unit: the documented order is code point.
        Sample().Streams.Select(s => s.StreamKey).ShouldBe(["cluster:\uffff", "cluster:😀", "region:a", "region:b"]);
    }

    [Fact]
    public void the_root_follows_the_documented_recipe()
    {
        // Same framing as event hashes, over: recipe, event count, highest sequence, then key, version, hash per stream.
        var d = Sample();
        d.Root.ShouldBe(HashChain.Frame("hubs-digest-v1", "5", "42", "cluster:\uffff", "1", "dd", "cluster:😀", "1", "cc",
            "region:a", "3", "aa", "region:b", "2", "bb"));
    }

    [Fact]
    public void a_digest_round_trips_through_its_json_file()
    {
        var d = Sample();

        var back = Digest.Parse(d.ToJson());

        back.Root.ShouldBe(d.Root);
        back.Streams.ShouldBe(d.Streams);
        back.ComputedAt.ShouldBe(d.ComputedAt);
    }

    [Fact]
    public void an_edited_digest_file_is_refused()
    {
        var json = Sample().ToJson().Replace("\"version\": 3", "\"version\": 2", StringComparison.Ordinal);

        Should.Throw<FormatException>(() => Digest.Parse(json)).Message.ShouldContain("does not match its contents");
    }

    [Fact]
    public void text_that_is_not_a_digest_is_refused_with_a_format_error() =>
        Should.Throw<FormatException>(() => Digest.Parse("{\"hello\": 1}"));
}
