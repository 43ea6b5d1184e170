using Hubs.SampleHost.Infrastructure;

return await HubsApp.RunAsync(args);
