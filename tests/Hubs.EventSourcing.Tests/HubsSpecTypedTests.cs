using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.Tests;

/// <summary>
/// The test kit's typed event assertions (the fields that matter, not whole payloads) and a module's
/// <see cref="HubsModule{TState}.InState"/> guard, seen through a spec exactly as a send sees it.
/// </summary>
public sealed class HubsSpecTypedTests
{
    private sealed record Ledger(int Total);
    private sealed record LedgerOpened(string Id);
    private sealed record Posted(string Id, int Amount, string Memo);
    private sealed record Open(string Id) : IHubsCommand;
    private sealed record Post(string Id, int Amount) : IHubsCommand;
    private sealed record Touch(string Id) : IHubsCommand;

    private static HubsModule<Ledger> LedgerModule(string prefix) => new HubsModule<Ledger>(prefix)
        .Starts<LedgerOpened>(prefix.Replace('-', '_') + "_opened", e => prefix + ":" + e.Id, (_, _) => new Ledger(0))
        .Event<Posted>(prefix.Replace('-', '_') + "_posted", e => prefix + ":" + e.Id, (s, e) => s with { Total = s.Total + e.Amount })
        // The decisions check nothing about the stream: the guards do.
        .Command<Open>(c => prefix + ":" + c.Id, (c, _) => [new LedgerOpened(c.Id)]).InState(ExpectedState.New)
        .Command<Post>(c => prefix + ":" + c.Id, (c, _) => [new Posted(c.Id, c.Amount, $"post {c.Amount}")]).InState(ExpectedState.Existing)
        .Command<Touch>(c => prefix + ":" + c.Id, (_, _) => []);

    private static readonly HubsSpecModules Specs = HubsSpec.With(LedgerModule("spec-ledger"));

    [Fact]
    public void then_event_returns_the_one_event_of_its_type_for_assertions_on_some_fields()
    {
        var posted = Specs.Given(new LedgerOpened("l")).When(new Post("l", 5)).ThenEvent<Posted>();

        posted.Amount.ShouldBe(5);
    }

    [Fact]
    public void then_event_fails_when_the_command_decides_none_of_that_type()
    {
        var ex = Should.Throw<HubsSpecException>(() => Specs.Given(new LedgerOpened("l")).When(new Touch("l")).ThenEvent<Posted>());

        ex.Message.ShouldStartWith("Expected one Posted but the command decided none");
    }

    [Fact]
    public void then_events_lists_the_decided_events_and_fails_on_a_rejection()
    {
        Specs.Given().When(new Open("l")).ThenEvents().ShouldBe([new LedgerOpened("l")]);
        Should.Throw<HubsSpecException>(() => Specs.Given().When(new Post("l", 1)).ThenEvents()).Message.ShouldContain("[stream-not-found]");
    }

    [Fact]
    public void a_command_guarded_as_new_is_rejected_on_an_existing_stream()
    {
        var ex = Specs.Given(new LedgerOpened("l")).When(new Open("l")).ThenRejected("stream-already-exists");

        (ex.Field, ex.Value).ShouldBe(("stream", (object)"spec-ledger:l"));
    }

    [Fact]
    public void a_command_guarded_as_existing_is_rejected_on_a_missing_stream_and_decides_on_an_existing_one()
    {
        Specs.Given().When(new Post("l", 2)).ThenRejected("stream-not-found");
        Specs.Given(new LedgerOpened("l")).When(new Post("l", 2)).ThenState<Ledger>().Total.ShouldBe(2);
    }

    [Fact]
    public void a_guard_needs_a_command_to_guard() =>
        Should.Throw<InvalidOperationException>(() => new HubsModule<Ledger>("spec-unguarded").InState(ExpectedState.New));

    [Fact]
    public void the_librarys_own_events_are_typed_too() =>
        HubsSpec.Given().When(new RegisterRegion("typed", "Typed", RegionKind.Municipality)).ThenEvent<RegionRegistered>().Kind.ShouldBe(RegionKind.Municipality);
}
