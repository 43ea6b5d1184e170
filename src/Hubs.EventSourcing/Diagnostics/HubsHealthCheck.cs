using Hubs.EventSourcing.Tracking;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Hubs.EventSourcing.Diagnostics;

/// <summary>
/// Store reachable, schema current (every table the library needs exists — the event tables, its own documents and its
/// modules' read models, not the application's documents: one catalogue query, not Marten's full comparison), and each
/// tracking projection within <see cref="HubsHealthCheckOptions.MaxProjectionLag"/> events of the log's end (from Marten's
/// progress table). Unhealthy when the store cannot be reached or a table is missing; degraded when a
/// projection lags. The description never carries the connection string.
/// </summary>
internal sealed class HubsHealthCheck(IDocumentStore store, HubsHealthCheckOptions options) : IHealthCheck
{
    private string[]? _tables;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        try
        {
            await using var conn = store.Storage.Database.CreateConnection();
            await conn.OpenAsync(cancellationToken).ConfigureAwait(false);
            var missing = await MissingTablesAsync(conn, cancellationToken).ConfigureAwait(false);
            if (missing.Count > 0)
            {
                data["missingTables"] = missing;
                return new HealthCheckResult(failure,
                    $"The event store is reachable but its schema is not current: {missing.Count} table(s) missing, e.g. {missing[0]}.", data: data);
            }
            if (options.MaxProjectionLag is not { } bound)
                return HealthCheckResult.Healthy("The event store is reachable and its schema current.", data);

            var lags = await ProjectionLagsAsync(conn, cancellationToken).ConfigureAwait(false);
            foreach (var (name, lag) in lags) data["lag:" + name] = lag;
            var worst = lags.MaxBy(l => l.Lag);
            return worst.Lag > bound
                ? HealthCheckResult.Degraded($"Projection {worst.Name} is {worst.Lag} events behind (bound {bound}).", data: data)
                : HealthCheckResult.Healthy($"The event store is reachable, its schema current, projections within {bound} events.", data);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            // The exception's type only: its message is the driver's and the connection string stays out of the result.
            return new HealthCheckResult(failure, $"The event store cannot be reached ({ex.GetType().Name}).");
        }
    }

    private async Task<List<string>> MissingTablesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        // The library's tables only: the application's own documents, created lazily by Marten's development mode, are not
        // the event store's schema (they made the check Unhealthy until first used, or until a restart).
        _tables ??= EventLog.LibraryTables.Of(store);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "select table_schema || '.' || table_name from information_schema.tables where (table_schema || '.' || table_name) = any(@names)";
        cmd.Parameters.AddWithValue("names", _tables);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await reader.ReadAsync(ct).ConfigureAwait(false)) present.Add(reader.GetString(0));
        return _tables.Where(t => !present.Contains(t)).ToList();
    }

    private async Task<List<(string Name, long Lag)>> ProjectionLagsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = EventLog.EventLogSql.LastSequence(store.Options.Events.DatabaseSchemaName);
        var end = (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        var shards = await store.Advanced.AllProjectionProgress(token: ct).ConfigureAwait(false);
        return TrackingReplay.Projections(store).Select(p =>
        {
            var done = shards.Where(s => s.ShardName.StartsWith(p + ":", StringComparison.Ordinal))
                .Select(s => s.Sequence).DefaultIfEmpty(0).Max();
            return (p, Math.Max(0, end - done));
        }).ToList();
    }
}
