namespace Hubs.EventSourcing.IntegrationTests;

internal static class Ctx
{
    public static CommandContext New(string actor = "analyst:test", string reason = "test setup", string source = "Xinhua 2026-01-14") =>
        CommandContext.New(actor, reason, source);
}
