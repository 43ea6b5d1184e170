using Hubs.EventSourcing.Regions;
using Hubs.EventSourcing.Tracking;

namespace Hubs.EventSourcing.Tests;

// One copy each of the names and ids the library and the host both write: the values are stored and hashed, so they are pinned.
public sealed class NamingTests
{
    [Fact]
    public void a_name_based_id_is_the_first_half_of_its_sha256_marked_version_8() =>
        CommandIds.NameBased("hubs-demo/step-1").ShouldBe(Guid.Parse("3d6b5f08-01c2-a184-b26b-eb61926e4b0c"));

    [Fact]
    public void a_batch_positions_id_hashes_the_batch_id_and_the_index() =>
        CommandIds.InBatch(Guid.Parse("00000000-0000-0000-0000-000000000001"), 3).ShouldBe(Guid.Parse("8372ff78-7638-028c-9637-96218a805b12"));

    [Fact]
    public void enums_and_commands_are_named_in_kebab_case()
    {
        KebabNames.Of(RegionKind.SpecialAdministrativeRegion).ShouldBe("special-administrative-region");
        KebabNames.Of(CompositeMethod.Weighted).ShouldBe("weighted");
        KebabNames.Of(new RegisterRegion("a", "A", RegionKind.Province)).ShouldBe("register-region");
    }

    [Fact]
    public void the_message_culture_writes_iso_dates_whatever_the_machines_culture() =>
        new DateOnly(2025, 9, 30).ToString(MessageCulture.Instance).ShouldBe("2025-09-30");
}
