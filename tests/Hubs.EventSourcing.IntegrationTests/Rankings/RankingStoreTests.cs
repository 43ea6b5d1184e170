using Hubs.EventSourcing.Clusters;
using Hubs.EventSourcing.Rankings;

namespace Hubs.EventSourcing.IntegrationTests.Rankings;

public sealed class RankingStoreTests(ClassStore<RankingStoreTests> fx) : IClassFixture<ClassStore<RankingStoreTests>>
{
    private HubsCommands Commands => fx.Hubs.Commands;
    private const string Wipo = "WIPO GII blog 'Revisiting the 2025 GII Ranking of World's Top 100 Innovation Clusters'";

    private Task Entry(int edition, string name, string economy, string place, string publishedOn) =>
        Commands.SendAsync(new RecordRankingEntry("GII", edition, name, economy, place, null, null, publishedOn, Wipo), Ctx.New());

    [Fact]
    public async Task two_stored_editions_show_that_shenzhen_hong_kong_guangzhou_overtook_tokyo_yokohama()
    {
        await Commands.SendAsync(new EstablishCluster("gba-rank", "Greater Bay Area", "Shenzhen", new DateOnly(2019, 2, 18)), Ctx.New());
        await Commands.SendAsync(new AliasCluster("gba-rank", "Shenzhen–Hong Kong–Guangzhou"), Ctx.New());
        await Entry(2024, "Tokyo–Yokohama", "JP", "1", "2024-08-27");
        await Entry(2024, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "2", "2024-08-27");
        await Entry(2025, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", "1", "2025-10-02");
        await Entry(2025, "Tokyo–Yokohama", "JP", "2", "2025-10-02");

        var gba = await fx.Hubs.Queries.GetClusterAsync("gba-rank");
        var older = await fx.Hubs.Queries.GetStateAsync<RankingEdition>("ranking:gii-2024");
        var newer = await fx.Hubs.Queries.GetStateAsync<RankingEdition>("ranking:gii-2025");

        RankingQueries.Overtook(older!, newer!, gba!.Aliases).ShouldBe(["Tokyo–Yokohama"]);
        newer!.Entries.Count.ShouldBe(2, "a competitor is stored in the edition without a cluster stream");
    }

    [Fact]
    public async Task a_correction_is_stored_beside_the_entry_it_corrects()
    {
        await Entry(2023, "Wuhan", "CN", "13", "2023");
        await Commands.SendAsync(new CorrectRankingEntry("GII", 2023, "Wuhan", "12 or 13", "the source prints a range"), Ctx.New());

        var edition = await fx.Hubs.Queries.GetStateAsync<RankingEdition>("ranking:gii-2023");

        edition!.Entries["Wuhan"].Place.ShouldBe(new RankPlace(12, 13, false));
        edition.Entries["Wuhan"].CorrectedFrom.ShouldBe(new RankPlace(13, 13, false));
        (await fx.Hubs.Queries.GetVersionAsync("ranking:gii-2023")).ShouldBe(2, "history keeps the entry and its correction");
    }
}
