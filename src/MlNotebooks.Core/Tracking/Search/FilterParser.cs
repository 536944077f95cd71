using System.Globalization;

namespace MlNotebooks.Tracking.Search;

/// <summary>
/// Parses MLflow's search filter syntax, extended with OR and parentheses:
/// <c>metrics.acc &gt; 0.9 AND (params.lr = '0.01' OR tags.team LIKE 'vision%')</c>.
/// Errors name the character position and the token that is wrong.
/// </summary>
internal sealed class FilterParser
{
    internal static readonly string[] StringAttributes = ["run_id", "run_name", "status", "user_id", "artifact_uri"];
    internal static readonly string[] NumericAttributes = ["start_time", "end_time", "created"];
    internal static readonly string[] DatasetKeys = ["name", "digest", "context"];
    private static readonly string[] NumericOps = ["=", "!=", "<", "<=", ">", ">="];
    private static readonly string[] StringOps = ["=", "!=", "LIKE", "ILIKE", "IN", "NOT IN"];

    private readonly string _text;
    private readonly List<FilterToken> _tokens;
    private int _pos;

    private FilterParser(string text)
    {
        _text = text;
        _tokens = FilterLexer.Tokenize(text);
    }

    /// <summary>Parses a filter; null for an empty one.</summary>
    public static FilterNode? Parse(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter)) return null;
        var parser = new FilterParser(filter);
        var node = parser.ParseOr();
        if (parser.Peek.Kind != FilterTokenKind.End)
            throw parser.Error(parser.Peek, "expected AND, OR or the end of the filter");
        return node;
    }

    private FilterToken Peek => _tokens[_pos];

    private FilterToken Next() => _tokens[_pos++];

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Kind == FilterTokenKind.Or) { Next(); left = new OrNode(left, ParseAnd()); }
        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParsePrimary();
        while (Peek.Kind == FilterTokenKind.And) { Next(); left = new AndNode(left, ParsePrimary()); }
        return left;
    }

    private FilterNode ParsePrimary()
    {
        if (Peek.Kind == FilterTokenKind.LParen)
        {
            var open = Next();
            var inner = ParseOr();
            if (Peek.Kind != FilterTokenKind.RParen) throw Error(Peek, $"expected ')' to close the '(' at character {open.Position + 1}");
            Next();
            return inner;
        }
        return ParseComparison();
    }

    private ComparisonNode ParseComparison()
    {
        var identToken = Next();
        if (identToken.Kind != FilterTokenKind.Identifier)
            throw Error(identToken, "expected a name such as metrics.acc, params.lr, tags.team or attributes.status");
        var (entity, key) = ResolveIdentifier(identToken);
        var opToken = Peek;
        string op;
        if (opToken.Kind == FilterTokenKind.Operator) { op = Next().Text; }
        else if (opToken.Kind == FilterTokenKind.In) { Next(); op = "IN"; }
        else if (opToken.Kind == FilterTokenKind.Not && _tokens[_pos + 1].Kind == FilterTokenKind.In) { _pos += 2; op = "NOT IN"; }
        else throw Error(opToken, "expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");

        var numeric = entity == FilterEntity.Metric || (entity == FilterEntity.Attribute && NumericAttributes.Contains(key));
        var allowed = numeric ? NumericOps : StringOps;
        if (!allowed.Contains(op))
            throw Error(opToken, $"{identToken.Text} cannot be compared with {op}; use one of {string.Join(", ", allowed)}");

        var values = new List<object>();
        if (op is "IN" or "NOT IN")
        {
            if (Peek.Kind != FilterTokenKind.LParen) throw Error(Peek, $"expected '(' after {op}, e.g. {op} ('a', 'b')");
            Next();
            while (true)
            {
                values.Add(ParseValue(numeric, identToken));
                if (Peek.Kind == FilterTokenKind.Comma) { Next(); continue; }
                if (Peek.Kind == FilterTokenKind.RParen) { Next(); break; }
                throw Error(Peek, "expected ',' or ')' in the value list");
            }
        }
        else values.Add(ParseValue(numeric, identToken));
        return new ComparisonNode(entity, key, op, values);
    }

    private object ParseValue(bool numeric, FilterToken ident)
    {
        var token = Next();
        if (numeric)
        {
            if (token.Kind == FilterTokenKind.Number && double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            throw Error(token, $"{ident.Text} is numeric: expected a number such as 0.9");
        }
        if (token.Kind == FilterTokenKind.String) return token.Text;
        throw Error(token, $"expected a quoted string such as '0.01' to compare {ident.Text} with");
    }

    private (FilterEntity, string) ResolveIdentifier(FilterToken token)
    {
        var text = token.Text;
        var dot = text.IndexOf('.');
        if (dot < 0)
        {
            var bare = text.ToLowerInvariant();
            if (StringAttributes.Contains(bare) || NumericAttributes.Contains(bare)) return (FilterEntity.Attribute, bare);
            throw Error(token, $"'{text}' needs a prefix: metrics.{text}, params.{text}, tags.{text} or attributes.{text}");
        }
        var prefix = text[..dot].ToLowerInvariant();
        var key = text[(dot + 1)..];
        if (key.Length == 0) throw Error(token, $"'{text}' has no key after the dot");
        switch (prefix)
        {
            case "metric" or "metrics": return (FilterEntity.Metric, key);
            case "param" or "params" or "parameter" or "parameters": return (FilterEntity.Param, key);
            case "tag" or "tags": return (FilterEntity.Tag, key);
            case "attribute" or "attributes" or "attr" or "run":
                var attr = key.ToLowerInvariant();
                if (StringAttributes.Contains(attr) || NumericAttributes.Contains(attr)) return (FilterEntity.Attribute, attr);
                throw Error(token, $"unknown attribute '{key}'; use one of {string.Join(", ", StringAttributes.Concat(NumericAttributes))}");
            case "dataset" or "datasets":
                var dk = key.ToLowerInvariant();
                if (DatasetKeys.Contains(dk)) return (FilterEntity.Dataset, dk);
                throw Error(token, $"unknown dataset field '{key}'; use one of {string.Join(", ", DatasetKeys)}");
            default:
                throw Error(token, $"unknown entity '{text[..dot]}'; use metrics., params., tags., attributes. or datasets.");
        }
    }

    private MlnbException Error(FilterToken token, string what) =>
        MlnbException.Invalid($"invalid filter at character {token.Position + 1} ({(token.Kind == FilterTokenKind.End ? "at the end" : $"at {token.Describe()}")}): {what}");
}
