using Hubs.EventSourcing.Storage;

namespace Hubs.EventSourcing.Tests.Storage;

/// <summary>The per-stream turns of one command service: exclusive per key, ordered, released when idle, cancellable.</summary>
public sealed class StreamGateTests
{
    [Fact]
    public async Task a_second_writer_of_a_stream_waits_until_the_first_releases_it()
    {
        var gate = new StreamGate();
        var first = await gate.EnterAsync(["region:a"], default);

        var second = gate.EnterAsync(["region:a"], default).AsTask();

        second.IsCompleted.ShouldBeFalse("the stream's turn is held");
        first.Dispose();
        (await second).Dispose();
        gate.Count.ShouldBe(0);
    }

    [Fact]
    public async Task writers_of_other_streams_do_not_wait()
    {
        var gate = new StreamGate();
        using var a = await gate.EnterAsync(["region:a"], default);

        var b = gate.EnterAsync(["region:b"], default);

        b.IsCompleted.ShouldBeTrue("another stream's turn is free");
        (await b).Dispose();
    }

    [Fact]
    public async Task units_naming_two_streams_in_opposite_orders_take_them_in_one_order()
    {
        var gate = new StreamGate();
        var ab = await gate.EnterAsync(["region:a", "region:b"], default);

        var ba = gate.EnterAsync(["region:b", "region:a"], default).AsTask();
        var c = gate.EnterAsync(["region:c"], default);

        ba.IsCompleted.ShouldBeFalse();
        c.IsCompleted.ShouldBeTrue("waiting for a and b holds nothing else");
        (await c).Dispose();
        ab.Dispose();
        (await ba).Dispose();
        gate.Count.ShouldBe(0, "every entry goes once nobody holds or awaits it");
    }

    [Fact]
    public async Task a_cancelled_wait_holds_nothing_afterwards()
    {
        var gate = new StreamGate();
        var held = await gate.EnterAsync(["region:b"], default);
        using var cancel = new CancellationTokenSource();

        // a is free and taken first, then the wait for b is cancelled: a must be released again.
        var waiting = gate.EnterAsync(["region:a", "region:b"], cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(waiting);
        var a = gate.EnterAsync(["region:a"], default);
        a.IsCompleted.ShouldBeTrue("the cancelled writer released the stream it had already taken");
        (await a).Dispose();
        held.Dispose();
        gate.Count.ShouldBe(0);
    }

    [Fact]
    public async Task a_stream_named_twice_in_one_unit_is_taken_once()
    {
        var gate = new StreamGate();

        var twice = gate.EnterAsync(["region:a", "region:a"], default);

        twice.IsCompleted.ShouldBeTrue("a unit does not wait for itself");
        (await twice).Dispose();
        gate.Count.ShouldBe(0);
    }
}
