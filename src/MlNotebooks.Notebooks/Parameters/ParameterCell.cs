using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MlNotebooks.Notebooks.Parameters;

/// <summary>
/// papermill's parameters for C#: reads the defaults of the cell tagged <c>parameters</c>, converts given values to
/// each default's type, and writes the <c>injected-parameters</c> cell.
/// </summary>
public static partial class ParameterCell
{
    /// <summary>The tag of the cell holding defaults.</summary>
    public const string ParametersTag = "parameters";

    /// <summary>The tag of the cell the runner inserts.</summary>
    public const string InjectedTag = "injected-parameters";

    [GeneratedRegex(@"^\s*(?:const\s+)?(?<type>var|int|long|double|float|decimal|bool|string)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?<value>.+?)\s*;\s*(//.*)?$")]
    private static partial Regex Declaration();

    /// <summary>The defaults declared in a parameters cell's source.</summary>
    public static IReadOnlyList<NotebookParameter> ReadDefaults(string source) =>
        source.ReplaceLineEndings("\n").Split('\n')
            .Select(l => Declaration().Match(l))
            .Where(m => m.Success)
            .Select(m => new NotebookParameter(m.Groups["name"].Value,
                m.Groups["type"].Value == "var" ? InferType(m.Groups["value"].Value, literal: true) : m.Groups["type"].Value,
                m.Groups["value"].Value))
            .ToList();

    /// <summary>The type of a C# literal (<paramref name="literal"/>) or of a raw command-line value.</summary>
    public static string InferType(string text, bool literal)
    {
        var t = text.Trim();
        if (literal && (t.StartsWith('"') || t.StartsWith("@\"", StringComparison.Ordinal) || t.StartsWith("$\"", StringComparison.Ordinal))) return "string";
        if (t is "true" or "false") return "bool";
        if (literal && Regex.IsMatch(t, @"^-?\d+[mM]$")) return "decimal";
        if (literal && Regex.IsMatch(t, @"^-?[\d.]+(e-?\d+)?[mM]$")) return "decimal";
        if (literal && Regex.IsMatch(t, @"^-?[\d.]+(e-?\d+)?[fF]$")) return "float";
        if (literal && Regex.IsMatch(t, @"^-?\d+[lL]$")) return "long";
        if (int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) return "int";
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) return "long";
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return "double";
        return literal ? "object" : "string";
    }

    /// <summary>
    /// Converts a value given on the command line to the C# literal of <paramref name="type"/>; fails naming the
    /// parameter, the type and an example.
    /// </summary>
    public static string ToLiteral(string name, string type, string value, string? defaultText = null)
    {
        var v = value.Trim();
        string? literal = type switch
        {
            "int" => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i.ToString(CultureInfo.InvariantCulture) : null,
            "long" => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l.ToString(CultureInfo.InvariantCulture) + "L" : null,
            "double" => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? DoubleLiteral(d) : null,
            "float" => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f.ToString("R", CultureInfo.InvariantCulture) + "f" : null,
            "decimal" => decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m.ToString(CultureInfo.InvariantCulture) + "m" : null,
            "bool" => bool.TryParse(v, out var b) ? (b ? "true" : "false") : null,
            _ => StringLiteral(value),
        };
        if (literal is not null) return literal;
        var example = type switch { "int" or "long" => "20", "bool" => "true", _ => "0.01" };
        throw MlnbException.Invalid($"parameter '{name}' = '{value}' is not a valid {type}" +
            (defaultText is null ? "" : $" (the type of its default `{defaultText}` in the parameters cell)") + $"; pass e.g. -p {name}={example}");
    }

    private static string DoubleLiteral(double d) =>
        double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
        : d.ToString("R", CultureInfo.InvariantCulture) is var s && (s.Contains('.') || s.Contains('E')) ? s : s + ".0";

    /// <summary>A C# string literal.</summary>
    public static string StringLiteral(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
            sb.Append(c switch { '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ when c < ' ' => $"\\u{(int)c:x4}", _ => c.ToString() });
        return sb.Append('"').ToString();
    }

    /// <summary>
    /// The source of the injected cell for <paramref name="values"/>, typed after <paramref name="defaults"/>
    /// (a name without a default gets the type its value looks like, as papermill injects unknown names too).
    /// </summary>
    public static string InjectedSource(IReadOnlyList<NotebookParameter> defaults, IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder("// Parameters\n");
        foreach (var (name, value) in values)
        {
            var d = defaults.FirstOrDefault(p => p.Name == name);
            var type = d?.Type is { } t && t != "object" ? t : InferType(value, literal: false);
            sb.Append(type == "object" ? "var" : type).Append(' ').Append(name).Append(" = ").Append(ToLiteral(name, type, value, d is null ? null : $"{d.Type} {d.Name} = {d.DefaultText};")).Append(";\n");
        }
        return sb.ToString();
    }

    /// <summary>The defaults as papermill's <c>default_parameters</c> map.</summary>
    public static JsonObject DefaultsJson(IReadOnlyList<NotebookParameter> defaults)
    {
        var o = new JsonObject();
        foreach (var p in defaults) o[p.Name] = p.DefaultText;
        return o;
    }
}
