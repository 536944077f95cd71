namespace MlNotebooks.Lineage;

/// <summary>
/// Extends lineage past runs. The model registry implements this to add run → model version edges (and to resolve
/// <c>models:/NAME/VERSION</c> to its source run); register it with <see cref="LineageService.AddProvider"/>.
/// </summary>
public interface ILineageProvider
{
    /// <summary>Nodes that came out of a run (e.g. model versions registered from it), with their edges.</summary>
    Task<LineageGraph> DownstreamOfRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The run a reference such as <c>models:/NAME/VERSION</c> came from, or null when this provider does not know it.</summary>
    Task<string?> ResolveRunAsync(string reference, CancellationToken cancellationToken = default);
}
