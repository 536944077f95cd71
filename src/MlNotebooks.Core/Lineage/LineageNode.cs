namespace MlNotebooks.Lineage;

/// <summary>A node of the lineage graph: a data version, a run, or (from a provider such as the registry) a model version.</summary>
/// <param name="Kind"><c>data</c>, <c>run</c>, <c>model</c>, or another kind a provider adds.</param>
/// <param name="Id">Stable id: the md5 for data, the run id, <c>models:/NAME/VERSION</c> for models.</param>
/// <param name="Label">What to show (a path, a run name, a model name and version).</param>
/// <param name="Details">Extra facts (commit, pointer file, status, …).</param>
public sealed record LineageNode(string Kind, string Id, string Label, IReadOnlyDictionary<string, string> Details);

/// <summary>A directed edge: <paramref name="From"/> flowed into <paramref name="To"/>.</summary>
/// <param name="From">Upstream node id.</param>
/// <param name="To">Downstream node id.</param>
/// <param name="Relation">How (<c>input</c>, <c>produced</c>, <c>registered</c>, …).</param>
public sealed record LineageEdge(string From, string To, string Relation);

/// <summary>Nodes and edges around a starting point.</summary>
/// <param name="Nodes">The nodes, upstream first.</param>
/// <param name="Edges">The edges.</param>
public sealed record LineageGraph(IReadOnlyList<LineageNode> Nodes, IReadOnlyList<LineageEdge> Edges);
