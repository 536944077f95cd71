using MlNotebooks.Serving.Features;

namespace MlNotebooks.Features.Serving;

/// <summary>
/// The model server's feature lookup over a feature store's online store (SQLite or Redis): a request's entity keys
/// in, the declared features out, with Feast's <c>get_online_features</c> semantics (latest materialized values).
/// </summary>
public sealed class OnlineFeatureLookup : IFeatureLookup
{
    private readonly FeatureStore _store;
    private readonly IReadOnlyList<string> _references;
    private readonly bool _full;
    private readonly IReadOnlyList<(string View, int Column)> _firstColumnOfView;

    /// <summary>Checks the references against the store's definitions and opens its online store (failing fast when it is down).</summary>
    public OnlineFeatureLookup(FeatureStore store, IReadOnlyList<string> references, bool fullFeatureNames)
    {
        _store = store;
        _references = references;
        _full = fullFeatureNames;
        var selections = store.Repo.ResolveReferences(references);
        JoinKeys = [.. selections.SelectMany(s => store.Repo.JoinKeys(s.View)).Distinct(StringComparer.Ordinal)];
        var names = new List<string>();
        var first = new List<(string, int)>();
        foreach (var s in selections)
        {
            first.Add((s.View.Name, names.Count));
            names.AddRange(s.Features.Select(f => fullFeatureNames ? $"{s.View.Name}__{f.Name}" : f.Name));
        }
        FeatureNames = names;
        _firstColumnOfView = first;
        _ = store.OnlineStore.Describe; // opens SQLite / connects to Redis now: a server does not start on a store that is down
    }

    /// <inheritdoc />
    public string Describe => $"{string.Join(", ", _references)} ({string.Join(", ", FeatureNames)}) by {string.Join(", ", JoinKeys)} from {_store.OnlineStore.Describe}";

    /// <inheritdoc />
    public IReadOnlyList<string> JoinKeys { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNames { get; }

    /// <inheritdoc />
    public FeatureLookupResult Fetch(IReadOnlyDictionary<string, IReadOnlyList<object?>> entityRows)
    {
        var response = _store.GetOnlineFeatures(_references, entityRows, _full);
        var offset = response.FeatureNames.Count - FeatureNames.Count; // the join keys come first
        var columns = new IReadOnlyList<object?>[FeatureNames.Count];
        for (var f = 0; f < columns.Length; f++) columns[f] = response.Results[offset + f].Values;
        var rows = entityRows.Values.First().Count;
        var missing = new string?[rows];
        for (var r = 0; r < rows; r++)
            foreach (var (view, column) in _firstColumnOfView)
                if (response.Results[offset + column].Statuses[r] == "NOT_FOUND") { missing[r] = view; break; }
        return new FeatureLookupResult(columns, missing);
    }

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();
}

/// <summary>
/// Opens <see cref="OnlineFeatureLookup"/>s for the model server: the repo a model's <c>serving.json</c> names
/// (relative to the working directory), or the one the server was told (<c>mlnb serve --feature-repo DIR</c>), which wins.
/// </summary>
/// <param name="Workspace">The workspace whose <c>.mlnb/features</c> holds the SQLite online store, or null for the repo's own.</param>
/// <param name="RepoOverride">The feature repo the server was given, or null.</param>
public sealed record OnlineFeatureLookups(Workspace? Workspace, string? RepoOverride = null) : IFeatureLookupFactory
{
    /// <inheritdoc />
    public IFeatureLookup Open(ServingFeatures features, string modelName, int version)
    {
        var repo = RepoOverride ?? features.Repo
            ?? throw MlnbException.Invalid($"serving.json of '{modelName}' version {version} names no feature repo; serve with --feature-repo DIR or add \"repo\" under feature_store");
        var path = Path.GetFullPath(repo);
        if (!File.Exists(path) && !File.Exists(Path.Combine(path, FeatureRepoYaml.FileName)))
            throw MlnbException.NotFound($"feature repo '{repo}' of '{modelName}' version {version} has no {FeatureRepoYaml.FileName}; pass --feature-repo DIR with the repo the model was trained on");
        // As `mlnb features` does: the workspace's state folder only when the repo lies inside the workspace.
        var inside = Workspace?.Root is { } root && Path.GetDirectoryName(File.Exists(path) ? path : Path.Combine(path, FeatureRepoYaml.FileName))!
            .StartsWith(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
        var store = FeatureStore.Open(path, new FeatureStoreOptions { Workspace = inside ? Workspace : null });
        try { return new OnlineFeatureLookup(store, features.References, features.FullFeatureNames); }
        catch (MlnbException e)
        {
            store.Dispose();
            throw new MlnbException(e.Code, $"'{modelName}' version {version} (serving.json): {e.Message}");
        }
    }
}
