using System.Globalization;
using System.Text.RegularExpressions;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tracking;

/// <summary>
/// MLflow's experiment search: a filter of comparisons joined by AND on <c>name</c>, <c>creation_time</c>,
/// <c>last_update_time</c> (optionally prefixed <c>attributes.</c>) and <c>tags.KEY</c>, and <c>order_by</c> on those
/// attributes (default: newest first). Experiments are few, so this runs over the listed experiments in memory.
/// </summary>
internal static partial class ExperimentSearch
{
    [GeneratedRegex(@"^\s*(?<field>(?:attributes\.|tags\.|attribute\.|tag\.)?(?:`[^`]+`|""[^""]+""|[\w.\-]+))\s*(?<op>!=|<=|>=|=|<|>|(?i:NOT\s+ILIKE|NOT\s+LIKE|ILIKE|LIKE))\s*(?<value>'(?:[^']|'')*'|""[^""]*""|-?\d+)\s*$")]
    private static partial Regex Clause();

    [GeneratedRegex(@"\s+AND\s+(?=(?:[^']*'[^']*')*[^']*$)", RegexOptions.IgnoreCase)]
    private static partial Regex And();

    public static Func<Experiment, bool> Filter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return _ => true;
        var tests = And().Split(filter).Select(ParseClause).ToList();
        return e => tests.All(t => t(e));
    }

    private static Func<Experiment, bool> ParseClause(string clause)
    {
        var m = Clause().Match(clause);
        if (!m.Success)
            throw MlnbException.Invalid($"invalid experiment filter '{clause.Trim()}': expected e.g. name LIKE 'churn%', tags.team = 'growth' or creation_time > 1700000000000");
        var field = m.Groups["field"].Value;
        var op = Regex.Replace(m.Groups["op"].Value.ToUpperInvariant(), @"\s+", " ");
        var raw = m.Groups["value"].Value;
        var isTag = field.StartsWith("tags.", StringComparison.Ordinal) || field.StartsWith("tag.", StringComparison.Ordinal);
        var prefixed = isTag || field.StartsWith("attribute", StringComparison.Ordinal);
        var name = Unquote(prefixed ? field[(field.IndexOf('.') + 1)..] : field);
        if (isTag) return e => e.Tags.TryGetValue(name, out var v) && CompareText(v, op, StringValue(clause, raw));
        return name switch
        {
            "name" => e => CompareText(e.Name, op, StringValue(clause, raw)),
            "creation_time" => CompareNumber(e => e.CreationTime.ToUnixTimeMilliseconds(), op, NumberValue(clause, raw)),
            "last_update_time" => CompareNumber(e => e.LastUpdateTime.ToUnixTimeMilliseconds(), op, NumberValue(clause, raw)),
            _ => throw MlnbException.Invalid($"invalid experiment filter '{clause.Trim()}': '{name}' is not searchable; use name, creation_time, last_update_time or tags.KEY"),
        };
    }

    public static IEnumerable<Experiment> Order(IEnumerable<Experiment> experiments, IReadOnlyList<string> orderBy)
    {
        IOrderedEnumerable<Experiment>? ordered = null;
        foreach (var term in orderBy.Count == 0 ? ["creation_time DESC"] : orderBy)
        {
            var parts = term.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var desc = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && !desc && !parts[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)))
                throw MlnbException.Invalid($"invalid order_by '{term}': expected e.g. 'name ASC' or 'creation_time DESC'");
            Func<Experiment, object> key = parts[0].Replace("attributes.", "", StringComparison.Ordinal) switch
            {
                "name" => e => e.Name,
                "experiment_id" => e => long.Parse(e.ExperimentId, CultureInfo.InvariantCulture),
                "creation_time" => e => e.CreationTime,
                "last_update_time" => e => e.LastUpdateTime,
                var other => throw MlnbException.Invalid($"invalid order_by '{term}': '{other}' cannot be sorted on; use name, experiment_id, creation_time or last_update_time"),
            };
            ordered = ordered is null ? (desc ? experiments.OrderByDescending(key) : experiments.OrderBy(key))
                : desc ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }
        return ordered!.ThenBy(e => long.Parse(e.ExperimentId, CultureInfo.InvariantCulture));
    }

    private static bool CompareText(string actual, string op, string expected) => op switch
    {
        "=" => actual == expected,
        "!=" => actual != expected,
        "LIKE" => Like(expected, false).IsMatch(actual),
        "ILIKE" => Like(expected, true).IsMatch(actual),
        "NOT LIKE" => !Like(expected, false).IsMatch(actual),
        "NOT ILIKE" => !Like(expected, true).IsMatch(actual),
        _ => throw MlnbException.Invalid($"operator '{op}' does not apply to text; use =, !=, LIKE or ILIKE"),
    };

    private static Func<Experiment, bool> CompareNumber(Func<Experiment, long> get, string op, long value) => op switch
    {
        "=" => e => get(e) == value,
        "!=" => e => get(e) != value,
        "<" => e => get(e) < value,
        "<=" => e => get(e) <= value,
        ">" => e => get(e) > value,
        ">=" => e => get(e) >= value,
        _ => throw MlnbException.Invalid($"operator '{op}' does not apply to times; use =, !=, <, <=, > or >="),
    };

    private static Regex Like(string pattern, bool ignoreCase) =>
        new("^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$",
            (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline);

    private static string StringValue(string clause, string raw) => raw[0] is '\'' ? raw[1..^1].Replace("''", "'", StringComparison.Ordinal)
        : raw[0] is '"' ? raw[1..^1] : throw MlnbException.Invalid($"invalid experiment filter '{clause.Trim()}': quote text values, e.g. name = 'churn'");

    private static long NumberValue(string clause, string raw) => long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw MlnbException.Invalid($"invalid experiment filter '{clause.Trim()}': times are numbers of milliseconds, unquoted");

    private static string Unquote(string s) => s.Length > 1 && (s[0] is '`' or '"') ? s[1..^1] : s;
}
