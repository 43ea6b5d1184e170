using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.Integrity;

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

    [Theory]
    [InlineData("stream", "null", "streams[0].stream is a JSON null")]
    [InlineData("hash", "null", "streams[0].hash is a JSON null")]
    [InlineData("version", "null", "streams[0].version is not a whole number")]
    [InlineData("version", "-1", "streams[0].version is not a whole number")]
    [InlineData("stream", "7", "streams[0].stream is a JSON number")]
    public void a_null_or_mistyped_field_of_a_stream_is_a_format_error(string field, string value, string message)
    {
        var json = Edit(d => ((System.Text.Json.Nodes.JsonObject)d["streams"]![0]!)[field] = System.Text.Json.Nodes.JsonNode.Parse(value));

        Should.Throw<FormatException>(() => Digest.Parse(json)).Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("computedAt", "null", "computedAt is a JSON null")]
    [InlineData("computedAt", "\"yesterday\"", "computedAt 'yesterday' is not a timestamp")]
    [InlineData("eventCount", "\"5\"", "eventCount is not a whole number")]
    [InlineData("streams", "{}", "'streams' is missing or not an array")]
    [InlineData("root", "null", "root is a JSON null")]
    public void a_null_or_mistyped_top_level_field_is_a_format_error(string field, string value, string message)
    {
        var json = Edit(d => d[field] = System.Text.Json.Nodes.JsonNode.Parse(value));

        Should.Throw<FormatException>(() => Digest.Parse(json)).Message.ShouldContain(message);
    }

    [Fact]
    public void a_stream_listed_twice_is_a_format_error_even_with_a_matching_root()
    {
        var twice = new[] { new StreamDigest("region:a", 3, "aa"), new StreamDigest("region:a", 4, "ab") };
        var json = Edit(d =>
        {
            d["streams"] = new System.Text.Json.Nodes.JsonArray(twice.Select(s => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["stream"] = s.StreamKey, ["version"] = s.Version, ["hash"] = s.Hash,
            }).ToArray());
            d["root"] = Digest.ComputeRoot(5, 42, twice);
        });

        Should.Throw<FormatException>(() => Digest.Parse(json)).Message.ShouldContain("stream 'region:a' is listed twice");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"digest\"")]
    [InlineData("{\"recipe\": null}")]
    public void json_that_is_not_an_object_of_the_recipe_is_a_format_error(string json) =>
        Should.Throw<FormatException>(() => Digest.Parse(json));

    private static string Edit(Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var doc = System.Text.Json.Nodes.JsonNode.Parse(Sample().ToJson())!.AsObject();
        edit(doc);
        return doc.ToJsonString();
    }
}
