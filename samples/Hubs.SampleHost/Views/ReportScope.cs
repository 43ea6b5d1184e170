using Hubs.EventSourcing;
using Hubs.EventSourcing.Indicators;
using Hubs.EventSourcing.Tracking;
using Hubs.SampleHost.Infrastructure;

namespace Hubs.SampleHost.Views;

/// <summary>
/// <c>report --cluster</c>: the report narrowed to one cluster — its scorecard, its member regions (current and former),
/// its enterprises, and the nation's indicators as comparator; exchange rates stay whole (a handful of rows). A cluster is
/// named by id or by name, in any case, as in imports.
/// </summary>
internal static class ReportScope
{
    public static ClusterScorecard Find(TrackingReport report, string given)
    {
        var wanted = given.Trim();
        var match = report.Clusters.FirstOrDefault(c => string.Equals(c.Id, wanted, StringComparison.OrdinalIgnoreCase))
            ?? report.Clusters.FirstOrDefault(c => string.Equals(c.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? report.Clusters.FirstOrDefault(c => c.Id == Keys.Slugify(wanted));
        return match ?? throw new UsageException(
            $"--cluster '{Echo.Escape(Echo.Cut(given))}': no cluster has that id or name{(report.Clusters.Count == 0 ? " (the store holds none)" : $"; known: {string.Join(", ", report.Clusters.Select(c => c.Id))}")}.");
    }

    public static TrackingReport Narrow(TrackingReport report, ClusterScorecard cluster)
    {
        var places = cluster.MembershipHistory.Select(m => m.RegionId).Concat(cluster.Members).ToHashSet(StringComparer.Ordinal);
        var enterprises = report.Enterprises.Enterprises.Where(e => cluster.Enterprises.Contains(e.Id)).ToList();
        return report with
        {
            Clusters = [cluster],
            Regions = report.Regions.Where(r => places.Contains(r.Id)).ToList(),
            Enterprises = report.Enterprises with
            {
                Enterprises = enterprises,
                Clusters = report.Enterprises.Clusters.Where(c => c.ClusterId == cluster.Id).ToList(),
                ClusterEffect = report.Enterprises.ClusterEffect.Where(id => cluster.Enterprises.Contains(id)).ToList(),
            },
        };
    }

    public static IndicatorReport Narrow(IndicatorReport report, ClusterScorecard cluster)
    {
        var places = cluster.MembershipHistory.Select(m => m.RegionId).Concat(cluster.Members).ToHashSet(StringComparer.Ordinal);
        return report with
        {
            Clusters = report.Clusters.Where(c => c.ScopeId == cluster.Id).ToList(),
            Regions = report.Regions.Where(r => places.Contains(r.ScopeId)).ToList(),
        };
    }
}
