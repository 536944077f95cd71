using System.Globalization;
using MlNotebooks.Lineage;

namespace MlNotebooks.Registry;

/// <summary>
/// Run → model lineage: the model versions registered from a run, and <c>models:/NAME/VERSION</c> (or
/// <c>models:/NAME@ALIAS</c>) resolved to the run that trained it, so <c>mlnb lineage models:/churn/3</c> shows
/// data version → run → model.
/// </summary>
internal sealed class RegistryLineageProvider(RegistryClient registry) : ILineageProvider
{
    public async Task<LineageGraph> DownstreamOfRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var nodes = new List<LineageNode>();
        var edges = new List<LineageEdge>();
        string? token = null;
        do
        {
            var page = await registry.ListModelsAsync(1000, token, cancellationToken).ConfigureAwait(false);
            foreach (var model in page.Items)
                foreach (var v in await registry.ListVersionsAsync(model.Name, cancellationToken).ConfigureAwait(false))
                {
                    if (v.RunId != runId) continue;
                    var id = $"models:/{v.Name}/{v.Version.ToString(CultureInfo.InvariantCulture)}";
                    var details = new Dictionary<string, string> { ["source"] = v.Source, ["status"] = v.Status.ToString() };
                    if (v.Aliases.Count > 0) details["aliases"] = string.Join(", ", v.Aliases.Select(a => "@" + a));
                    nodes.Add(new LineageNode("model", id, $"{v.Name} v{v.Version}", details));
                    edges.Add(new LineageEdge(runId, id, "registered"));
                }
            token = page.NextPageToken;
        } while (token is not null);
        return new LineageGraph(nodes, edges);
    }

    public async Task<string?> ResolveRunAsync(string reference, CancellationToken cancellationToken = default)
    {
        if (!reference.StartsWith("models:/", StringComparison.Ordinal)) return null;
        var version = await registry.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
        return version.RunId ?? throw MlnbException.NotFound($"{reference} was registered without a source run, so it has no lineage");
    }
}
