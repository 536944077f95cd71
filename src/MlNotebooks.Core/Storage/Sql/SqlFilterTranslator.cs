using System.Text;
using MlNotebooks.Tracking;
using MlNotebooks.Tracking.Search;

namespace MlNotebooks.Storage.Sql;

/// <summary>Turns a parsed filter and order-by terms into SQL over the runs table (aliased <c>r</c>), with parameters.</summary>
internal sealed class SqlFilterTranslator(SqlDatabase database)
{
    private readonly List<(string Name, object? Value)> _parameters = [];

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    public string Param(object? value)
    {
        var name = $"@f{_parameters.Count}";
        _parameters.Add((name, value));
        return name;
    }

    public string Where(FilterNode node) => node switch
    {
        AndNode a => $"({Where(a.Left)} AND {Where(a.Right)})",
        OrNode o => $"({Where(o.Left)} OR {Where(o.Right)})",
        ComparisonNode c => Comparison(c),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private string Comparison(ComparisonNode c)
    {
        switch (c.Entity)
        {
            case FilterEntity.Metric:
                return $"EXISTS (SELECT 1 FROM latest_metrics lm WHERE lm.run_uuid = r.run_uuid AND lm.key = {Param(c.Key)} AND lm.is_nan = 0 AND lm.value {c.Operator} {Param(c.Values[0])})";
            case FilterEntity.Param:
                return $"EXISTS (SELECT 1 FROM params pp WHERE pp.run_uuid = r.run_uuid AND pp.key = {Param(c.Key)} AND {StringTest("pp.value", c)})";
            case FilterEntity.Tag:
                return $"EXISTS (SELECT 1 FROM tags tt WHERE tt.run_uuid = r.run_uuid AND tt.key = {Param(c.Key)} AND {StringTest("tt.value", c)})";
            case FilterEntity.Dataset:
                return $"EXISTS (SELECT 1 FROM inputs di WHERE di.run_uuid = r.run_uuid AND {StringTest("di." + c.Key, c)})";
            default:
                var column = AttributeColumn(c.Key);
                if (FilterParser.NumericAttributes.Contains(c.Key))
                    return $"{column} {c.Operator} {Param(Convert.ToInt64(c.Values[0], System.Globalization.CultureInfo.InvariantCulture))}";
                if (c.Key == "status")
                    c = c with { Values = c.Values.Select(v => (object)((string)v).ToUpperInvariant()).ToList() };
                return StringTest(column, c);
        }
    }

    private string StringTest(string column, ComparisonNode c)
    {
        switch (c.Operator)
        {
            case "LIKE" or "ILIKE":
                var name = $"@f{_parameters.Count}";
                var (sql, value) = database.Like(column, name, (string)c.Values[0], caseSensitive: c.Operator == "LIKE");
                _parameters.Add((name, value));
                return sql;
            case "IN" or "NOT IN":
                var list = string.Join(", ", c.Values.Select(Param));
                return $"{column} {c.Operator} ({list})";
            default:
                return $"{column} {c.Operator} {Param(c.Values[0])}";
        }
    }

    public static string AttributeColumn(string key) => key switch
    {
        "run_id" => "r.run_uuid",
        "run_name" => "r.name",
        "created" => "r.start_time",
        _ => "r." + key,
    };

    public string OrderBy(IReadOnlyList<string>? orderBy)
    {
        var sb = new StringBuilder();
        foreach (var term in orderBy ?? [])
        {
            var clause = OrderByClause.Parse(term);
            var expr = clause.Entity switch
            {
                FilterEntity.Metric => $"(SELECT CASE WHEN lm.is_nan = 1 THEN NULL ELSE lm.value END FROM latest_metrics lm WHERE lm.run_uuid = r.run_uuid AND lm.key = {Param(clause.Key)})",
                FilterEntity.Param => $"(SELECT pp.value FROM params pp WHERE pp.run_uuid = r.run_uuid AND pp.key = {Param(clause.Key)})",
                FilterEntity.Tag => $"(SELECT tt.value FROM tags tt WHERE tt.run_uuid = r.run_uuid AND tt.key = {Param(clause.Key)})",
                FilterEntity.Attribute => AttributeColumn(clause.Key),
                _ => throw MlnbException.Invalid($"cannot order runs by dataset fields ('{term}'); order by metrics., params., tags. or attributes."),
            };
            sb.Append(expr).Append(clause.Descending ? " DESC" : " ASC").Append(" NULLS LAST, ");
        }
        sb.Append("r.start_time DESC, r.run_uuid ASC");
        return sb.ToString();
    }
}
