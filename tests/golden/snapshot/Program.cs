using Hubs.EventSourcing.Golden;
using Marten;
using Microsoft.Extensions.DependencyInjection;

// Usage: GoldenSnapshot <connection string> <schema> <as-of instant> <known-at date> <output file>
var services = new ServiceCollection();
services.AddMarten(o =>
{
    o.Connection(args[0]);
    o.DatabaseSchemaName = args[1];
});
services.AddHubsEventSourcing();
await using var provider = services.BuildServiceProvider();
var snapshot = await GoldenSnapshot.CaptureAsync(provider, DateTimeOffset.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
    DateOnly.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
await File.WriteAllTextAsync(args[4], snapshot.ToJsonString(GoldenSnapshot.Json) + "\n");
