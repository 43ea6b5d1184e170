using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Regions;

namespace Hubs.EventSourcing.IntegrationTests.Reliability;

/// <summary>Text PostgreSQL cannot store is rejected in validation, with a code, before anything is written.</summary>
public sealed class BadTextStoreTests(ClassStore<BadTextStoreTests> fx) : IClassFixture<ClassStore<BadTextStoreTests>>
{
    [Theory]
    [InlineData("actor")]
    [InlineData("reason")]
    [InlineData("source")]
    [InlineData("correlation")]
    [InlineData("causation")]
    public async Task a_nul_in_any_context_field_is_rejected_and_writes_nothing(string field)
    {
        var id = $"ctx-{field}";
        var ctx = Ctx.New();
        ctx = field switch
        {
            "actor" => ctx with { Actor = "analyst\0wang" },
            "reason" => ctx with { Reason = "why\0" },
            "source" => ctx with { Source = "\ud800NBS" },
            "correlation" => ctx with { CorrelationId = "op\u0001" },
            _ => ctx with { CausationId = "cause\0" },
        };

        var rejection = await Should.ThrowAsync<CommandRejectedException>(() =>
            fx.Hubs.Commands.SendAsync(new RegisterRegion(id, "Fine name", RegionKind.Province), ctx));

        rejection.Code.ShouldBe("invalid-character");
        (await fx.Hubs.Queries.GetVersionAsync(Keys.Region(id))).ShouldBe(0, "a rejected command must write nothing");
    }

    [Theory]
    [InlineData("actor", 201)]
    [InlineData("reason", 10_000_000)]
    [InlineData("source", 2_001)]
    [InlineData("correlation", 201)]
    [InlineData("causation", 201)]
    public async Task an_overlong_context_text_is_rejected_and_writes_nothing(string field, int length)
    {
        var id = $"long-{field}";
        var text = new string('x', length);
        var ctx = field switch
        {
            "actor" => Ctx.New() with { Actor = text },
            "reason" => Ctx.New() with { Reason = text },
            "source" => Ctx.New() with { Source = text },
            "correlation" => Ctx.New() with { CorrelationId = text },
            _ => Ctx.New() with { CausationId = text },
        };

        var rejection = await Should.ThrowAsync<CommandRejectedException>(() =>
            fx.Hubs.Commands.SendAsync(new RegisterRegion(id, "Fine name", RegionKind.Province), ctx));

        rejection.Code.ShouldBe("too-long");
        rejection.Message.Length.ShouldBeLessThan(1_000, "the message echoes the text cut, not whole");
        (await fx.Hubs.Queries.GetVersionAsync(Keys.Region(id))).ShouldBe(0, "a rejected command must write nothing");
    }

    [Fact]
    public async Task context_texts_at_their_bounds_are_accepted()
    {
        var ctx = Ctx.New() with { Actor = new string('a', 200), Reason = new string('r', 2_000), Source = new string('s', 2_000), CausationId = new string('c', 200) };

        (await fx.Hubs.Commands.SendAsync(new RegisterRegion("long-ok", "Fine name", RegionKind.Province), ctx)).Outcome.ShouldBe(CommandOutcome.Appended);
    }

    [Fact]
    public async Task a_nul_in_a_command_field_of_a_batch_is_rejected_with_its_index_and_writes_nothing()
    {
        var rejection = await Should.ThrowAsync<CommandRejectedException>(() => fx.Hubs.Commands.SendBatchAsync(
            [new RegisterRegion("batch-ok", "Fine", RegionKind.Province), new RegisterRegion("batch-bad", "Bad\0", RegionKind.Province)],
            Ctx.New()));

        rejection.Violations.ShouldHaveSingleItem().CommandIndex.ShouldBe(1);
        (await fx.Hubs.Queries.GetVersionAsync(Keys.Region("batch-ok"))).ShouldBe(0);
    }

    [Theory]
    [InlineData("'; drop table mt_events; --")]
    [InlineData("{\"hash\": \"x\"}")]
    [InlineData("\\u0000 as text, not a NUL")]
    [InlineData("北京市 🚀\ttab")]
    public async Task text_that_looks_like_sql_or_json_round_trips_unchanged(string text)
    {
        var id = $"rt-{Math.Abs(text.GetHashCode() % 100000)}";
        var ctx = Ctx.New(actor: text, reason: text, source: text);
        await fx.Hubs.Commands.SendAsync(new RegisterRegion(id, text, RegionKind.Province), ctx);

        (await fx.Hubs.Queries.GetRegionAsync(id))!.Name.ShouldBe(text);
        var e = (await fx.Hubs.Audit().HistoryAsync(Keys.Region(id)).ListAsync()).Single();
        (e.Actor, e.Reason, e.Source).ShouldBe((text, text, text));
        (await fx.Hubs.Audit().VerifyAsync()).IsIntact.ShouldBeTrue();
    }
}
