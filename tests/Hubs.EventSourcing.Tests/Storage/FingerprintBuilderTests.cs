using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Tests.Storage;

/// <summary>A streamed import's fingerprint, built chunk by chunk, is the batch's own (so either re-send is recognised).</summary>
public sealed class FingerprintBuilderTests
{
    private static List<IHubsCommand> Commands(int n, decimal value = 2.5m) =>
        Enumerable.Range(0, n).Select(i => (IHubsCommand)new ReportRdIntensity($"r-{i % 7}", 1960 + i / 7, value, null, null, new DateOnly(2090, 1, 1), "NBS")).ToList();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2_500, 700)]
    [InlineData(2_500, 2_500)]
    public void built_in_chunks_it_equals_the_fingerprint_of_the_whole_list(int count, int chunk)
    {
        var commands = Commands(count);
        using var builder = new CommandFingerprint.Builder();
        var index = 0;
        foreach (var part in commands.Chunk(chunk)) StreamedImport.Track(builder, index++, builder.Count, part);

        builder.Build().ShouldBe(CommandFingerprint.Of(commands));
        builder.Count.ShouldBe(count);
    }

    [Fact]
    public void a_second_reading_is_checked_part_by_part_and_one_that_differs_is_refused_naming_its_commands()
    {
        var commands = Commands(1_000);
        var parts = commands.Chunk(300).ToList();
        using var builder = new CommandFingerprint.Builder();
        StreamedImport.Track(builder, 0, 0, parts[0]);
        StreamedImport.Track(builder, 1, 300, parts[1]);

        // Again from the start, further this time: the parts known are checked, the rest added.
        for (var i = 0; i < parts.Count; i++) StreamedImport.Track(builder, i, i * 300, parts[i]);
        builder.Build().ShouldBe(CommandFingerprint.Of(commands));

        var changed = parts[1].ToArray();
        changed[117] = Commands(1_000, 2.6m)[417];
        var ex = Should.Throw<InvalidOperationException>(() => StreamedImport.Track(builder, 1, 300, changed));
        ex.Message.ShouldContain("commands 300–599 are not the ones read before");
        builder.Build().ShouldBe(CommandFingerprint.Of(commands), "a refused reading adds nothing");
    }
}
