using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlNotebooks.Registry;

/// <summary>
/// MLflow's registry search filter: comparisons joined by AND, e.g. <c>name LIKE 'churn%' AND tags.team = 'growth'</c>
/// or <c>run_id IN ('a', 'b')</c>. Operators <c>= != LIKE ILIKE IN</c>; attributes are whatever the searched entity
/// exposes (<c>name</c>, <c>run_id</c>, <c>source</c>, <c>version_number</c>, <c>tags.KEY</c>).
/// </summary>
public sealed partial class RegistryFilter
{
    private readonly IReadOnlyList<(string Attribute, string Op, IReadOnlyList<string> Values)> _clauses;
    private readonly IReadOnlySet<string> _attributes;

    private RegistryFilter(IReadOnlyList<(string, string, IReadOnlyList<string>)> clauses, IReadOnlySet<string> attributes)
    {
        _clauses = clauses;
        _attributes = attributes;
    }

    /// <summary>Parses a filter; <paramref name="attributes"/> are the plain attributes allowed (tags.KEY always is).</summary>
    public static RegistryFilter Parse(string? filter, params string[] attributes)
    {
        var allowed = attributes.ToHashSet(StringComparer.Ordinal);
        var clauses = new List<(string, string, IReadOnlyList<string>)>();
        var text = filter?.Trim() ?? "";
        var pos = 0;
        while (pos < text.Length)
        {
            var m = Clause().Match(text, pos);
            if (!m.Success || m.Index != pos)
                throw MlnbException.Invalid($"invalid filter '{text}' at '{Shorten(text[pos..])}'; write e.g. name LIKE 'churn%' AND tags.team = 'growth'");
            var attribute = m.Groups["attr"].Value.Replace("`", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal);
            if (!attribute.StartsWith("tags.", StringComparison.Ordinal) && !allowed.Contains(attribute))
                throw MlnbException.Invalid($"invalid attribute '{attribute}' in filter; use one of {string.Join(", ", attributes)} or tags.KEY");
            var op = m.Groups["op"].Value.ToUpperInvariant();
            var values = m.Groups["list"].Success
                ? m.Groups["item"].Captures.Select(c => Unquote(c.Value)).ToList()
                : [Unquote(m.Groups["value"].Value)];
            if (op == "IN" != m.Groups["list"].Success)
                throw MlnbException.Invalid($"invalid filter clause '{m.Value.Trim()}'; IN takes a list ('a', 'b'), the other operators one value");
            clauses.Add((attribute, op, values));
            pos = m.Index + m.Length;
        }
        return new RegistryFilter(clauses, allowed);
    }

    /// <summary>The value an <c>attribute = 'x'</c> clause pins, or null (lets a search read one model only).</summary>
    public string? Equality(string attribute) => _clauses.FirstOrDefault(c => c.Attribute == attribute && c.Op == "=").Values?[0];

    /// <summary>True when every clause holds; <paramref name="get"/> returns an attribute's value (null when absent).</summary>
    public bool Matches(Func<string, string?> get) => _clauses.All(c =>
    {
        var actual = get(c.Attribute);
        return c.Op switch
        {
            "=" => actual == c.Values[0],
            "!=" => actual != c.Values[0],
            "IN" => actual is not null && c.Values.Contains(actual),
            "LIKE" => actual is not null && Like(c.Values[0], caseSensitive: true).IsMatch(actual),
            _ => actual is not null && Like(c.Values[0], caseSensitive: false).IsMatch(actual),
        };
    });

    private static Regex Like(string pattern, bool caseSensitive)
    {
        var sb = new StringBuilder("^");
        foreach (var ch in pattern) sb.Append(ch switch { '%' => ".*", '_' => ".", _ => Regex.Escape(ch.ToString()) });
        return new Regex(sb.Append('$').ToString(), (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase) | RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    private static string Unquote(string v) => v.Length >= 2 && v[0] is '\'' or '"' && v[^1] == v[0] ? v[1..^1] : v.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    [GeneratedRegex("""\s*(?<attr>`[^`]+`|"[^"]+"|tags\.`[^`]+`|[A-Za-z_][A-Za-z0-9_.]*)\s*(?<op>!=|=|(?i:ILIKE|LIKE|IN)\b)\s*(?:(?<list>\(\s*(?<item>'[^']*'|"[^"]*")(?:\s*,\s*(?<item>'[^']*'|"[^"]*"))*\s*\))|(?<value>'[^']*'|"[^"]*"|-?\d+))\s*(?:(?i:AND)\b\s*|$)""")]
    private static partial Regex Clause();
}
