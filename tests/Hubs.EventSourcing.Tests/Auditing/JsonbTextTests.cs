using Hubs.EventSourcing.Auditing;

namespace Hubs.EventSourcing.Tests.Auditing;

public sealed class JsonbTextTests
{
    [Theory]
    [InlineData("{\"year\":2024,\"a\":1,\"regionId\":\"x\"}", "{\"a\": 1, \"year\": 2024, \"regionId\": \"x\"}")]
    [InlineData("{\"b\":1,\"a\":2}", "{\"a\": 2, \"b\": 1}")]
    [InlineData("{\"a\":1,\"a\":2}", "{\"a\": 2}")]
    [InlineData("[1,2.50,{\"z\":null}]", "[1, 2.50, {\"z\": null}]")]
    [InlineData("{\"s\":\"\\u5317\\u4eac \\/ \\\"q\\\" \\n\"}", "{\"s\": \"北京 / \\\"q\\\" \\n\"}")]
    [InlineData("{\"n\":1.5E+3}", "{\"n\": 1500}")]
    [InlineData("{\"n\":-0}", "{\"n\": 0}")]
    [InlineData("{\"n\":1.25e-2}", "{\"n\": 0.0125}")]
    [InlineData("{\"t\":true,\"f\":false}", "{\"f\": false, \"t\": true}")]
    public void output_follows_postgresql_jsonb_rules(string input, string expected) =>
        JsonbText.Canonicalize(input).ShouldBe(expected);
}
