using MlNotebooks.Data;

namespace MlNotebooks.Lineage;

/// <summary>
/// Follows data version → run → model: a run's inputs (recorded with <see cref="DataClient.LogInputsAsync"/> or
/// <c>TrackingClient.LogInputsAsync</c>) are matched to the pointer files and git commits that hold those versions;
/// providers (the registry) add what came out of the run.
/// </summary>
public sealed class LineageService(Workspace workspace)
{
    private readonly List<ILineageProvider> _providers = [];

    /// <summary>Adds a provider of downstream nodes (e.g. the model registry).</summary>
    public void AddProvider(ILineageProvider provider) => _providers.Add(provider);

    /// <summary>The lineage of a run id, or of a reference a provider resolves (e.g. <c>models:/NAME/VERSION</c>).</summary>
    public async Task<LineageGraph> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        var runId = reference;
        if (reference.Contains(':', StringComparison.Ordinal))
        {
            string? resolved = null;
            foreach (var p in _providers)
                if ((resolved = await p.ResolveRunAsync(reference, cancellationToken).ConfigureAwait(false)) is not null) break;
            runId = resolved ?? throw MlnbException.NotFound($"'{reference}' is not a run id and no installed provider knows it; pass a run id (see `mlnb runs search`)");
        }
        var run = await workspace.Tracking.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var nodes = new List<LineageNode>();
        var edges = new List<LineageEdge>();
        var tracked = workspace.Root is null ? [] : SafeTracked(workspace.Data);
        foreach (var input in run.Inputs)
        {
            var details = new Dictionary<string, string> { ["source_type"] = input.SourceType };
            if (input.Source.Length > 0) details["source"] = input.Source;
            if (input.Context.Length > 0) details["context"] = input.Context;
            var now = tracked.FirstOrDefault(t => t.WorkspacePath == input.Name);
            if (now is not null) details["workspace"] = now.Output.Md5 == input.Digest ? "current version" : $"changed since (now {now.Output.Md5})";
            if (workspace.Root is not null && CommitOf(workspace.Root, input.Digest) is { } commit) details["commit"] = commit;
            nodes.Add(new LineageNode("data", input.Digest, input.Name, details));
            edges.Add(new LineageEdge(input.Digest, run.Info.RunId, "input"));
        }
        nodes.Add(new LineageNode("run", run.Info.RunId, run.Info.RunName.Length > 0 ? run.Info.RunName : run.Info.RunId,
            new Dictionary<string, string> { ["status"] = run.Info.Status.ToString(), ["experiment_id"] = run.Info.ExperimentId }));
        foreach (var p in _providers)
        {
            var g = await p.DownstreamOfRunAsync(run.Info.RunId, cancellationToken).ConfigureAwait(false);
            nodes.AddRange(g.Nodes);
            edges.AddRange(g.Edges);
        }
        return new LineageGraph(nodes, edges);
    }

    /// <summary>Runs that read a data version (an md5, or a tracked path at its workspace version).</summary>
    public async Task<IReadOnlyList<string>> RunsReadingAsync(string pathOrDigest, CancellationToken cancellationToken = default)
    {
        var digest = pathOrDigest;
        if (workspace.Root is not null && (File.Exists(pathOrDigest) || Directory.Exists(pathOrDigest) || File.Exists(pathOrDigest + ".dvc")))
            digest = workspace.Data.Resolve(pathOrDigest.EndsWith(".dvc", StringComparison.Ordinal) ? pathOrDigest[..^4] : pathOrDigest).Md5;
        return await workspace.TrackingStore.FindRunsByInputAsync(digest, cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<TrackedData> SafeTracked(DataClient data)
    {
        try { return data.ListTracked(); }
        catch (MlnbException) { return []; }
    }

    private static string? CommitOf(string root, string digest)
    {
        if (!Directory.Exists(Path.Combine(root, ".git"))) return null;
        try
        {
            var line = Git.Run(root, "log", "--all", "--reverse", "--format=%h %s", "-S", digest, "--", "*.dvc", "dvc.lock").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return string.IsNullOrWhiteSpace(line) ? null : line.Trim();
        }
        catch (MlnbException)
        {
            return null;
        }
    }
}
