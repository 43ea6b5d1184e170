namespace Hubs.EventSourcing.Tests;

public sealed class KeysTests
{
    [Fact]
    public void each_aggregate_kind_has_its_own_stream_prefix()
    {
        Keys.Region("beijing").ShouldBe("region:beijing");
        Keys.Cluster("greater-bay-area").ShouldBe("cluster:greater-bay-area");
        Keys.Enterprise("joygovai").ShouldBe("enterprise:joygovai");
        Keys.Parse("region:beijing").ShouldBe(("region", "beijing"));
    }

    [Theory]
    [InlineData("Hong Kong", "hong-kong")]
    [InlineData("  Beijing–Tianjin–Hebei ", "beijing-tianjin-hebei")]
    [InlineData("Macao SAR", "macao-sar")]
    public void names_slugify_to_valid_ids(string name, string id)
    {
        Keys.Slugify(name).ShouldBe(id);
        Keys.IsValidId(id).ShouldBeTrue();
    }
}
