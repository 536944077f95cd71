using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace MlNotebooks.Monitoring.Validation;

/// <summary>
/// Reads a validation suite from JSON or YAML (JSON is YAML):
/// <code>
/// min_rows: 100
/// columns:
///   age: { type: numeric, min: 0, max: 120, max_null_share: 0.05 }
///   plan: { type: categorical, allowed: [free, pro, team] }
///   id: { unique: true, max_null_share: 0 }
/// </code>
/// </summary>
public static class SuiteFile
{
    private static readonly HashSet<string> Keys = ["type", "min", "max", "allowed", "max_null_share", "unique", "required"];

    /// <summary>Reads a suite file; a one-line error naming the bad key or value.</summary>
    public static ValidationSuite Read(string path)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"suite file '{path}' does not exist; write one (JSON or YAML) with a 'columns' map, see docs/monitoring.md");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses suite text; <paramref name="source"/> names it in errors.</summary>
    public static ValidationSuite Parse(string text, string source)
    {
        var yaml = new YamlStream();
        try { yaml.Load(new StringReader(text)); }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException)
        {
            throw MlnbException.Invalid($"suite '{source}' is not valid JSON or YAML: {e.Message.ReplaceLineEndings(" ")}");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
            throw MlnbException.Invalid($"suite '{source}' must be a map with a 'columns' key");
        int? minRows = null;
        var columns = new Dictionary<string, ColumnExpectation>(StringComparer.Ordinal);
        foreach (var (k, v) in root.Children)
        {
            var key = ((YamlScalarNode)k).Value;
            if (key == "min_rows") minRows = (int)Number(v, source, "min_rows");
            else if (key == "columns")
            {
                if (v is not YamlMappingNode map) throw MlnbException.Invalid($"suite '{source}': 'columns' must map column names to expectations");
                foreach (var (ck, cv) in map.Children) columns[((YamlScalarNode)ck).Value!] = Column(((YamlScalarNode)ck).Value!, cv, source);
            }
            else throw MlnbException.Invalid($"suite '{source}' has an unknown key '{key}'; use 'columns' and 'min_rows'");
        }
        if (columns.Count == 0 && minRows is null) throw MlnbException.Invalid($"suite '{source}' checks nothing; add expectations under 'columns'");
        return new ValidationSuite(columns, minRows);
    }

    private static ColumnExpectation Column(string name, YamlNode node, string source)
    {
        if (node is not YamlMappingNode map) throw MlnbException.Invalid($"suite '{source}': column '{name}' must map to expectations such as {{ type: numeric, min: 0 }}");
        var e = new ColumnExpectation();
        foreach (var (k, v) in map.Children)
        {
            var key = ((YamlScalarNode)k).Value!;
            var where = $"column '{name}' {key}";
            e = key switch
            {
                "type" => e with { Type = Scalar(v, source, where) is "numeric" or "categorical" ? Scalar(v, source, where) : throw MlnbException.Invalid($"suite '{source}': {where} must be numeric or categorical") },
                "min" => e with { Min = Number(v, source, where) },
                "max" => e with { Max = Number(v, source, where) },
                "allowed" => e with { Allowed = v is YamlSequenceNode seq ? [.. seq.Children.Select(c => Scalar(c, source, where))] : throw MlnbException.Invalid($"suite '{source}': {where} must be a list") },
                "max_null_share" => e with { MaxNullShare = Number(v, source, where) is var s and >= 0 and <= 1 ? s : throw MlnbException.Invalid($"suite '{source}': {where} must be between 0 and 1") },
                "unique" => e with { Unique = Bool(v, source, where) },
                "required" => e with { Required = Bool(v, source, where) },
                _ => throw MlnbException.Invalid($"suite '{source}': column '{name}' has an unknown key '{key}'; use {string.Join(", ", Keys)}"),
            };
        }
        return e;
    }

    private static string Scalar(YamlNode v, string source, string where) =>
        v is YamlScalarNode s && s.Value is not null ? s.Value : throw MlnbException.Invalid($"suite '{source}': {where} must be a single value");

    private static double Number(YamlNode v, string source, string where) =>
        double.TryParse(Scalar(v, source, where), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw MlnbException.Invalid($"suite '{source}': {where} must be a number");

    private static bool Bool(YamlNode v, string source, string where) => Scalar(v, source, where) switch
    {
        "true" or "True" or "yes" => true,
        "false" or "False" or "no" => false,
        _ => throw MlnbException.Invalid($"suite '{source}': {where} must be true or false"),
    };
}
