namespace MlNotebooks.Features;

/// <summary>
/// Every definition of one feature project (what Feast keeps in its registry): entities, sources, feature views,
/// feature services and the online store. Build it in C# or parse <c>features.yaml</c> with <see cref="FeatureRepoYaml"/>.
/// </summary>
/// <param name="Project">The project's name (namespaces the online store).</param>
/// <param name="Entities">The entities.</param>
/// <param name="Sources">The batch sources.</param>
/// <param name="FeatureViews">The feature views.</param>
/// <param name="FeatureServices">The feature services.</param>
/// <param name="OnlineStore">The online store; null = SQLite in the workspace.</param>
public sealed record FeatureRepo(
    string Project,
    IReadOnlyList<Entity> Entities,
    IReadOnlyList<FileSource> Sources,
    IReadOnlyList<FeatureView> FeatureViews,
    IReadOnlyList<FeatureService>? FeatureServices = null,
    OnlineStoreConfig? OnlineStore = null)
{
    /// <summary>The feature services (never null).</summary>
    public IReadOnlyList<FeatureService> Services => FeatureServices ?? [];

    /// <summary>Checks names and references; throws a one-line <see cref="MlnbException"/> naming the field and the fix.</summary>
    public FeatureRepo Validate()
    {
        if (string.IsNullOrWhiteSpace(Project)) throw MlnbException.Invalid("features: 'project' is missing; add `project: NAME` at the top of features.yaml");
        Unique(Entities.Select(e => e.Name), "entity");
        Unique(Sources.Select(s => s.Name), "source");
        Unique(FeatureViews.Select(v => v.Name), "feature view");
        Unique(Services.Select(s => s.Name), "feature service");
        foreach (var e in Entities)
            if (e.JoinKeys.Count == 0) throw MlnbException.Invalid($"entity '{e.Name}': 'join_keys' is empty; list the key columns, e.g. `join_keys: [{e.Name}_id]`");
        foreach (var s in Sources)
            if (string.IsNullOrWhiteSpace(s.Path)) throw MlnbException.Invalid($"source '{s.Name}': 'path' is missing; give the Parquet or CSV file");
        foreach (var v in FeatureViews)
        {
            if (v.Ttl < TimeSpan.Zero) throw MlnbException.Invalid($"feature view '{v.Name}': 'ttl' is negative; give 0 (unlimited) or a duration like 2d");
            if (Sources.All(s => s.Name != v.Source)) throw MlnbException.NotFound($"feature view '{v.Name}': source '{v.Source}' is not defined; add it under `sources:` or fix the name (defined: {List(Sources.Select(s => s.Name))})");
            if (v.Entities.Count == 0) throw MlnbException.Invalid($"feature view '{v.Name}': 'entities' is empty; name at least one entity");
            foreach (var en in v.Entities)
                if (Entities.All(e => e.Name != en)) throw MlnbException.NotFound($"feature view '{v.Name}': entity '{en}' is not defined; add it under `entities:` (defined: {List(Entities.Select(e => e.Name))})");
            if (v.Schema.Count == 0) throw MlnbException.Invalid($"feature view '{v.Name}': 'schema' is empty; list its features as `- {{name: NAME, dtype: Float64}}`");
            Unique(v.Schema.Select(f => f.Name), $"feature in view '{v.Name}'");
            var keys = JoinKeys(v);
            foreach (var f in v.Schema)
                if (keys.Contains(f.Name)) throw MlnbException.Invalid($"feature view '{v.Name}': '{f.Name}' is a join key; list only features in 'schema'");
        }
        foreach (var s in Services) ResolveReferences(s.Features);
        var store = OnlineStore?.Type ?? "sqlite";
        if (store is not ("sqlite" or "redis")) throw MlnbException.Invalid($"online_store: type '{store}' is not supported; use sqlite or redis");
        if (store == "redis" && string.IsNullOrWhiteSpace(OnlineStore!.ConnectionString)) throw MlnbException.Invalid("online_store: redis needs 'connection_string', e.g. 127.0.0.1:6379");
        return this;
    }

    /// <summary>The view named <paramref name="name"/>, or a not-found error listing the defined ones.</summary>
    public FeatureView View(string name) => FeatureViews.FirstOrDefault(v => v.Name == name)
        ?? throw MlnbException.NotFound($"feature view '{name}' is not defined; defined: {List(FeatureViews.Select(v => v.Name))}");

    /// <summary>The source of a view.</summary>
    public FileSource SourceOf(FeatureView view) => Sources.First(s => s.Name == view.Source);

    /// <summary>The join keys of a view, in the order of its entities.</summary>
    public IReadOnlyList<string> JoinKeys(FeatureView view) =>
        view.Entities.SelectMany(en => Entities.First(e => e.Name == en).JoinKeys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Resolves feature references (<c>view:feature</c>, <c>view</c> for all its features, or a feature service's name)
    /// to (view, features) in request order; unknown names throw naming the reference.
    /// </summary>
    public IReadOnlyList<FeatureSelection> ResolveReferences(IEnumerable<string> references)
    {
        var order = new List<string>();
        var picked = new Dictionary<string, List<Field>>(StringComparer.Ordinal);
        void Add(FeatureView v, Field f)
        {
            if (!picked.TryGetValue(v.Name, out var list)) { picked[v.Name] = list = []; order.Add(v.Name); }
            if (!list.Contains(f)) list.Add(f);
        }
        foreach (var raw in references)
        {
            var r = raw.Trim();
            var colon = r.IndexOf(':');
            if (colon < 0)
            {
                var service = Services.FirstOrDefault(s => s.Name == r);
                if (service is not null) { foreach (var sel in ResolveReferences(service.Features)) foreach (var f in sel.Features) Add(sel.View, f); continue; }
                var whole = FeatureViews.FirstOrDefault(v => v.Name == r)
                    ?? throw MlnbException.NotFound($"feature reference '{r}' is neither a feature view nor a feature service; use VIEW:FEATURE (views: {List(FeatureViews.Select(v => v.Name))})");
                foreach (var f in whole.Schema) Add(whole, f);
                continue;
            }
            var view = View(r[..colon]);
            var name = r[(colon + 1)..];
            var field = view.Schema.FirstOrDefault(f => f.Name == name)
                ?? throw MlnbException.NotFound($"feature '{name}' is not in feature view '{view.Name}'; its features: {List(view.Schema.Select(f => f.Name))}");
            Add(view, field);
        }
        if (order.Count == 0) throw MlnbException.Invalid("no features requested; give VIEW:FEATURE references or a feature service");
        return order.Select(n => new FeatureSelection(View(n), picked[n])).ToList();
    }

    internal static string List(IEnumerable<string> names)
    {
        var l = names.ToList();
        return l.Count == 0 ? "none" : string.Join(", ", l);
    }

    private static void Unique(IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (string.IsNullOrWhiteSpace(n)) throw MlnbException.Invalid($"a {what} has no name; give each one `name:`");
            if (!seen.Add(n)) throw MlnbException.Invalid($"{what} '{n}' is defined twice; rename one");
        }
    }
}

/// <summary>Features picked from one view.</summary>
/// <param name="View">The view.</param>
/// <param name="Features">The picked features, in request order.</param>
public sealed record FeatureSelection(FeatureView View, IReadOnlyList<Field> Features);
