using Hubs.EventSourcing.Testing;

namespace Hubs.EventSourcing.IntegrationTests;

/// <summary>One store (schema) per test class; tests in a class use distinct ids.</summary>
public sealed class ClassStore<TTest> : IAsyncLifetime
{
    public HubsTestStore Hubs { get; private set; } = null!;
    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 1, 14, 8, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync() =>
        Hubs = await HubsTestStore.CreateAsync(typeof(TTest).Name, o => o.TimeProvider = Clock);

    public async Task DisposeAsync() => await Hubs.DisposeAsync();
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// Progress&lt;T&gt; posts to the thread pool; a test needs every report, in order, on the reporting thread (serialised when
/// reports come from several).
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate) report(value);
    }
}
