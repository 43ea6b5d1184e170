using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Hubs.EventSourcing.Tests.Architecture;

// Folders = namespaces = roles: the library's sub-namespaces (one per folder) must not depend on each other in a cycle.
// The graph is read from the compiled assembly (Mono.Cecil, which PublicApiGenerator already brings): every type a type
// names in its signatures and method bodies. The root namespace (the facades and what every aggregate shares) is left out:
// facades call every folder by design. The dependencies that still close a cycle are listed below, each pointing the wrong
// way; without them the graph must have no cycle, so any new cycle fails, and each listed one must still exist, so the list
// only shrinks.
public sealed class FolderCycleTests
{
    private const string Root = "Hubs.EventSourcing";

    /// <summary>Dependencies that point the wrong way and close cycles today; remove a line when its dependency is gone.</summary>
    private static readonly (string From, string To, string Why)[] KnownBackEdges =
    [
        ("Clusters", "Tracking", "read-model documents use Tracking's public records (Target, MembershipPeriod, …): namespace pinned by the approved API"),
        ("Regions", "Tracking", "as above (Target, RegionYear)"),
        ("Enterprises", "Tracking", "as above"),
        ("ExchangeRates", "Tracking", "as above (ExchangeRateView)"),
        ("Rankings", "Tracking", "the module's read-model line (HubsModule.Track) names Tracking's ScorecardFigure in its signature"),
        ("Storage", "Auditing", "the write path reads through StoredEventReader (to move into the SQL folder)"),
        ("Storage", "Commanding", "appenders and the streamed import take UnitOfWork/CommandDecisions"),
        ("Integrity", "Storage", "EventSeal names events through EventNames"),
        ("Integrity", "Auditing", "EventSeal reads the reader's row; signing sorts with Digest's Utf8Order"),
        ("Diagnostics", "Auditing", "verify telemetry names BreakKind"),
        ("Diagnostics", "Storage", "telemetry reads MartenTables"),
        ("Diagnostics", "Tracking", "tracking telemetry and the health check read the projections"),
    ];

    [Fact]
    public void no_dependency_cycle_between_the_librarys_folders_beyond_the_listed_ones()
    {
        var graph = Graph();
        foreach (var (from, to, _) in KnownBackEdges) graph.GetValueOrDefault(from)?.Remove(to);
        Cycles(graph).ShouldBeEmpty("folders depend on each other in a cycle (the dependencies: " + Describe(graph) + ")");
    }

    [Fact]
    public void every_listed_back_edge_still_exists_so_the_list_only_shrinks()
    {
        var graph = Graph();
        foreach (var (from, to, why) in KnownBackEdges)
            graph.GetValueOrDefault(from).ShouldNotBeNull().ShouldContain(to, $"{from} → {to} ({why}) is gone: remove it from the list");
    }

    [Fact]
    public void the_graph_sees_a_dependency_it_must_see() =>
        Graph()["Tracking"].ShouldContain("Clusters", "TrackingViews reads ClusterTrack");

    private static Dictionary<string, HashSet<string>> Graph()
    {
        using var module = ModuleDefinition.ReadModule(typeof(HubsCommands).Assembly.Location);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var from = Folder(type);
            if (from is null) continue;
            if (!graph.TryGetValue(from, out var to)) graph[from] = to = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in Uses(type))
                if (Folder(used) is { } folder && folder != from) to.Add(folder);
        }
        return graph;
    }

    // The folder of a type: the namespace below the root (nested types take their outer type's). Root and foreign: null.
    private static string? Folder(TypeReference type)
    {
        while (type.IsNested) type = type.DeclaringType;
        var ns = type.Namespace;
        return ns.StartsWith(Root + ".", StringComparison.Ordinal) && type.Scope.Name.StartsWith(Root, StringComparison.Ordinal)
            ? ns[(Root.Length + 1)..].Split('.')[0]
            : null;
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        if (type.BaseType is { } b) foreach (var t in Expand(b)) yield return t;
        foreach (var i in type.Interfaces) foreach (var t in Expand(i.InterfaceType)) yield return t;
        foreach (var f in type.Fields) foreach (var t in Expand(f.FieldType)) yield return t;
        foreach (var p in type.Properties) foreach (var t in Expand(p.PropertyType)) yield return t;
        foreach (var m in type.Methods)
        {
            foreach (var t in Expand(m.ReturnType)) yield return t;
            foreach (var p in m.Parameters) foreach (var t in Expand(p.ParameterType)) yield return t;
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) foreach (var t in Expand(v.VariableType)) yield return t;
            foreach (var ins in m.Body.Instructions)
            {
                IEnumerable<TypeReference> refs = ins.Operand switch
                {
                    TypeReference t => Expand(t),
                    MethodReference mr => Expand(mr.DeclaringType).Concat(Expand(mr.ReturnType)).Concat(mr.Parameters.SelectMany(p => Expand(p.ParameterType)))
                        .Concat(mr is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
                    FieldReference fr => Expand(fr.DeclaringType).Concat(Expand(fr.FieldType)),
                    _ => [],
                };
                foreach (var t in refs) yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> Expand(TypeReference type)
    {
        if (type is GenericInstanceType g)
        {
            yield return g.ElementType;
            foreach (var a in g.GenericArguments) foreach (var t in Expand(a)) yield return t;
        }
        else if (type is TypeSpecification s) foreach (var t in Expand(s.ElementType)) yield return t;
        else if (type is not GenericParameter) yield return type;
    }

    // Strongly connected components with more than one folder (Tarjan).
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>(); var low = new Dictionary<string, int>();
        var stack = new Stack<string>(); var onStack = new HashSet<string>(); var result = new List<List<string>>();
        var next = 0;
        void Visit(string v)
        {
            index[v] = low[v] = next++; stack.Push(v); onStack.Add(v);
            foreach (var w in graph.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], index[w]);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) result.Add(component);
        }
        foreach (var v in graph.Keys.Order(StringComparer.Ordinal)) if (!index.ContainsKey(v)) Visit(v);
        return result;
    }

    private static string Describe(Dictionary<string, HashSet<string>> graph) =>
        string.Join("; ", graph.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} → {string.Join(" ", p.Value.Order(StringComparer.Ordinal))}"));
}
