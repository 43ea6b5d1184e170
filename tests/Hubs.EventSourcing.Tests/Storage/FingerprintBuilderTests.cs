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
        var builder = new CommandFingerprint.Builder();
        foreach (var part in commands.Chunk(chunk)) StreamedImport.Track(builder, builder.Count, part);

        builder.Build().ShouldBe(CommandFingerprint.Of(commands));
        builder.Count.ShouldBe(count);
    }

    [Fact]
    public void a_second_reading_is_checked_command_by_command_and_one_that_differs_is_refused_at_its_position()
    {
        var commands = Commands(1_000);
        var builder = new CommandFingerprint.Builder();
        StreamedImport.Track(builder, 0, commands[..600]);

        // Again from the start, further this time: the known part is checked, the rest added.
        StreamedImport.Track(builder, 0, commands);
        builder.Build().ShouldBe(CommandFingerprint.Of(commands));

        var changed = commands.ToList();
        changed[417] = Commands(1_000, 2.6m)[417];
        var ex = Should.Throw<InvalidOperationException>(() => StreamedImport.Track(builder, 0, changed));
        ex.Message.ShouldContain("command 417 is not the one read before");
    }
}
