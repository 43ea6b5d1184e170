using Hubs.EventSourcing.Auditing;
using Hubs.EventSourcing.IntegrationTests.Auditing;
using Hubs.EventSourcing.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hubs.EventSourcing.IntegrationTests.Sealing.Bank;

/// <summary>An application's own event whose Marten default alias (<c>branch_opened</c>) is also a stored name of the library.</summary>
public sealed record BranchOpened(string BankId, string City);

/// <summary>
/// Marten names an event type by its snake-cased class name unless told otherwise, so an application's <c>BranchOpened</c> is
/// stored under the library's <c>branch_opened</c>: refused as soon as the clash is known, and harmless where it is not.
/// </summary>
public sealed class NameClashTests
{
    [Fact]
    public async Task an_application_event_registered_under_a_library_name_is_refused_when_the_store_is_configured()
    {
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => HubsTestStore.CreateAsync(
            nameof(an_application_event_registered_under_a_library_name_is_refused_when_the_store_is_configured),
            configureMarten: o => o.Events.AddEventType<BranchOpened>()));

        refused.Message.ShouldContain("'branch_opened'");
        refused.Message.ShouldContain(typeof(BranchOpened).FullName!, Case.Sensitive, "the application's type is named");
        refused.Message.ShouldContain(typeof(Enterprises.BranchOpened).FullName!, Case.Sensitive, "and the library's");
        refused.Message.ShouldContain("MapEventType");
    }

    [Fact]
    public async Task a_clash_registered_by_a_later_marten_configuration_is_refused_before_the_library_uses_the_store()
    {
        var connectionString = await TestPostgres.ConnectionStringAsync();
        var services = new ServiceCollection();
        services.AddMarten(o =>
        {
            o.Connection(connectionString);
            o.DatabaseSchemaName = "t_name_clash_later";
        });
        services.AddHubsEventSourcing();
        services.ConfigureMarten(o => o.Events.AddEventType<BranchOpened>());
        await using var provider = services.BuildServiceProvider();

        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<HubsQueries>()).Message.ShouldContain("'branch_opened'");
        Should.Throw<InvalidOperationException>(() => provider.GetRequiredService<EventSourcing.Tracking.HubsTracking>()).Message.ShouldContain("'branch_opened'");
    }

    [Fact]
    public async Task a_clashing_name_marten_maps_only_at_its_first_append_stays_outside_the_librarys_chains_and_reads()
    {
        await using var hubs = await HubsTestStore.CreateAsync(nameof(a_clashing_name_marten_maps_only_at_its_first_append_stays_outside_the_librarys_chains_and_reads));
        await hubs.Commands.SendAsync(new Regions.RegisterRegion("guangdong", "Guangdong", RegionKind.Province), Ctx.New());
        await hubs.Commands.SendAsync(new Enterprises.RegisterEnterprise("joygovai", "JoyGov AI", "Shenzhen", "guangdong"), Ctx.New());
        var (audit, tracking) = (hubs.Audit(), hubs.Tracking);
        await using (var session = hubs.Store.LightweightSession())
        {
            session.Events.Append("bank:icbc", new BranchOpened("icbc", "Beijing"));
            await session.SaveChangesAsync();
        }
        (await hubs.ScalarAsync<string>("select type from mt_events where stream_id = 'bank:icbc'")).ShouldBe("branch_opened");

        var report = await audit.VerifyAsync();
        report.IsIntact.ShouldBeTrue(string.Join("; ", report.Breaks.Select(b => b.Detail)));
        report.StreamsOutsideChains.ShouldBe([new UnownedStream("bank:icbc", 1)]);
        await tracking.CatchUpAsync(TimeSpan.FromSeconds(60));
        (await tracking.GetReportAsync()).Enterprises.ShouldNotBeNull();
        (await tracking.RebuildAsync()).SkippedEvents.ShouldBeEmpty();
        (await hubs.ScalarAsync<long>("select count(*) from mt_doc_enterprisetrack where id = 'bank:icbc'"))
            .ShouldBe(0L, "no read model of the library is made of another application's stream");
    }
}
