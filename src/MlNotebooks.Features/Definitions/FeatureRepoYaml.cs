using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Features;

/// <summary>
/// Reads <c>features.yaml</c>: Feast's names (<c>project</c>, <c>entities</c> with <c>join_keys</c>, <c>sources</c> with
/// <c>timestamp_field</c>/<c>created_timestamp_column</c>, <c>feature_views</c> with <c>entities</c>/<c>schema</c>/<c>ttl</c>/<c>source</c>,
/// <c>feature_services</c>, <c>online_store</c>).
/// </summary>
public static class FeatureRepoYaml
{
    /// <summary>The default file name.</summary>
    public const string FileName = "features.yaml";

    /// <summary>Reads and validates a file.</summary>
    public static FeatureRepo Load(string path)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"'{path}' does not exist; write a features.yaml (see docs/features.md) or pass --repo PATH");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates YAML text; <paramref name="origin"/> names it in errors.</summary>
    public static FeatureRepo Parse(string text, string origin = FileName)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw MlnbException.Invalid($"{origin}: not valid YAML at line {e.Start.Line}: {e.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw MlnbException.Invalid($"{origin}: expected a mapping with project, entities, sources, feature_views");
        Known(root, origin, "project", "entities", "sources", "feature_views", "feature_services", "online_store");
        var entities = Items(root, "entities", origin).Select(e =>
        {
            var name = Str(e, "name", $"{origin}: an entry of entities")!;
            var at = $"entity '{name}'";
            Known(e, at, "name", "join_keys", "description", "value_type");
            var keys = StrList(e, "join_keys", at) ?? [name];
            return new Entity(name, keys, Str(e, "description", at, required: false) ?? "");
        }).ToList();
        var sources = Items(root, "sources", origin).Select(s =>
        {
            var name = Str(s, "name", $"{origin}: an entry of sources")!;
            var at = $"source '{name}'";
            Known(s, at, "name", "path", "timestamp_field", "created_timestamp_column", "description");
            return new FileSource(name, Str(s, "path", at)!, Str(s, "timestamp_field", at, required: false) ?? "event_timestamp",
                Str(s, "created_timestamp_column", at, required: false));
        }).ToList();
        var views = Items(root, "feature_views", origin).Select(v =>
        {
            var name = Str(v, "name", $"{origin}: an entry of feature_views")!;
            var at = $"feature view '{name}'";
            Known(v, at, "name", "entities", "schema", "ttl", "source", "online", "description", "tags");
            var schema = (Child(v, "schema") as YamlSequenceNode)?.Children.Select(f =>
            {
                if (f is not YamlMappingNode fm) throw MlnbException.Invalid($"{at}: each schema entry must be `{{name: NAME, dtype: TYPE}}`");
                var fname = Str(fm, "name", at)!;
                var dtype = Str(fm, "dtype", $"{at}, feature '{fname}'")!;
                if (!Enum.TryParse<FeatureType>(dtype, ignoreCase: true, out var type) || int.TryParse(dtype, out _))
                    throw MlnbException.Invalid($"{at}, feature '{fname}': dtype '{dtype}' is not known; use one of {string.Join(", ", Enum.GetNames<FeatureType>())}");
                return new Field(fname, type);
            }).ToList() ?? [];
            var ttl = Str(v, "ttl", at, required: false) is { } t ? Durations.Parse(t, $"{at}: ttl") : TimeSpan.Zero;
            var online = Str(v, "online", at, required: false) is not { } o || !o.Equals("false", StringComparison.OrdinalIgnoreCase);
            return new FeatureView(name, StrList(v, "entities", at) ?? [], schema, ttl, Str(v, "source", at)!, online);
        }).ToList();
        var services = Items(root, "feature_services", origin).Select(s =>
        {
            var name = Str(s, "name", $"{origin}: an entry of feature_services")!;
            Known(s, $"feature service '{name}'", "name", "features", "description");
            return new FeatureService(name, StrList(s, "features", $"feature service '{name}'") ?? []);
        }).ToList();
        OnlineStoreConfig? online = null;
        if (Child(root, "online_store") is YamlMappingNode os)
        {
            Known(os, "online_store", "type", "path", "connection_string");
            online = new OnlineStoreConfig(Str(os, "type", "online_store", required: false) ?? "sqlite", Str(os, "path", "online_store", required: false),
                Str(os, "connection_string", "online_store", required: false));
        }
        return new FeatureRepo(Str(root, "project", origin, required: false) ?? "", entities, sources, views, services, online).Validate();
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode root, string key, string origin) => Child(root, key) switch
    {
        null => [],
        YamlSequenceNode seq => seq.Children.Select(c => c as YamlMappingNode ?? throw MlnbException.Invalid($"{origin}: each entry of '{key}' must be a mapping with a name")),
        _ => throw MlnbException.Invalid($"{origin}: '{key}' must be a list (`- name: ...`)"),
    };

    private static string? Str(YamlMappingNode node, string key, string at, bool required = true) => Child(node, key) switch
    {
        YamlScalarNode s when !string.IsNullOrWhiteSpace(s.Value) => s.Value,
        null or YamlScalarNode when !required => null,
        null or YamlScalarNode => throw MlnbException.Invalid($"{at}: '{key}' is missing; add `{key}: ...`"),
        _ => throw MlnbException.Invalid($"{at}: '{key}' must be a single value"),
    };

    private static IReadOnlyList<string>? StrList(YamlMappingNode node, string key, string at) => Child(node, key) switch
    {
        null => null,
        YamlSequenceNode seq => seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? throw MlnbException.Invalid($"{at}: '{key}' must list names")).ToList(),
        YamlScalarNode s when s.Value is not null => [s.Value],
        _ => throw MlnbException.Invalid($"{at}: '{key}' must be a list of names"),
    };

    private static void Known(YamlMappingNode node, string at, params string[] keys)
    {
        foreach (var k in node.Children.Keys)
            if (k is YamlScalarNode { Value: { } name } && !keys.Contains(name))
                throw MlnbException.Invalid($"{at}: '{name}' is not a known field; expected one of {string.Join(", ", keys)}");
    }
}
