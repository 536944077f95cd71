using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Data.Pipelines;

/// <summary>Looks up dotted keys in params files and renders values as YAML text (so they compare and write stably).</summary>
internal static class ParamValues
{
    public const string DefaultFile = "params.yaml";

    public static string Lookup(YamlMappingNode root, string key, string file)
    {
        YamlNode node = root;
        foreach (var part in key.Split('.'))
        {
            if (node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(part), out var next)) node = next;
            else if (node is YamlSequenceNode s && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < s.Children.Count) node = s.Children[i];
            else throw MlnbException.NotFound($"parameter '{key}' is not in '{file}'; add it there or fix dvc.yaml");
        }
        return Render(node);
    }

    public static string Render(YamlNode node) => node switch
    {
        YamlScalarNode s when s.Style is ScalarStyle.Plain => s.Value ?? "null",
        YamlScalarNode s => YamlText.Scalar(s.Value ?? ""),
        YamlSequenceNode q => "[" + string.Join(", ", q.Children.Select(Render)) + "]",
        YamlMappingNode m => "{" + string.Join(", ", m.Children.Select(kv => Render(kv.Key) + ": " + Render(kv.Value))) + "}",
        _ => "null",
    };
}
