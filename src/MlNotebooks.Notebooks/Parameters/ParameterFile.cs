using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Notebooks.Parameters;

/// <summary>Reads <c>-f params.yaml</c>: a flat mapping of names to scalar values (papermill's parameter file).</summary>
public static class ParameterFile
{
    /// <summary>Reads the file; fails with a fix when it is not a flat YAML mapping.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"parameter file '{path}' does not exist");
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw MlnbException.Invalid($"parameter file '{path}' is not valid YAML ({e.Message}); write one `name: value` per line");
        }
        var result = new Dictionary<string, string>();
        if (yaml.Documents.Count == 0) return result;
        if (yaml.Documents[0].RootNode is not YamlMappingNode map)
            throw MlnbException.Invalid($"parameter file '{path}' must be a mapping; write one `name: value` per line");
        foreach (var (k, v) in map.Children)
        {
            if (v is not YamlScalarNode scalar)
                throw MlnbException.Invalid($"parameter '{k}' in '{path}' is not a single value; lists and maps are not supported");
            result[((YamlScalarNode)k).Value ?? ""] = scalar.Value ?? "";
        }
        return result;
    }
}
