namespace MlNotebooks.Tracking.Search;

/// <summary>One <c>order_by</c> term: <c>metrics.acc DESC</c>, <c>params.lr</c>, <c>attributes.start_time ASC</c>.</summary>
internal sealed record OrderByClause(FilterEntity Entity, string Key, bool Descending)
{
    public static OrderByClause Parse(string text)
    {
        var trimmed = text.Trim();
        var descending = false;
        var parts = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var field = trimmed;
        if (parts.Length > 1)
        {
            var dir = parts[^1].ToUpperInvariant();
            if (dir is "ASC" or "DESC")
            {
                descending = dir == "DESC";
                field = trimmed[..trimmed.LastIndexOf(parts[^1], StringComparison.Ordinal)].Trim();
            }
        }
        if (field.Length == 0) throw MlnbException.Invalid($"invalid order_by '{text}': expected a field such as metrics.acc DESC");
        // Reuse the filter parser's name rules by parsing a dummy comparison.
        FilterNode? node;
        try
        {
            node = FilterParser.Parse(field + (IsNumericField(field) ? " = 0" : " = ''"));
        }
        catch (MlnbException e)
        {
            throw MlnbException.Invalid($"invalid order_by '{text}': {e.Message[(e.Message.IndexOf(':') + 2)..]}");
        }
        var cmp = (ComparisonNode)node!;
        return new OrderByClause(cmp.Entity, cmp.Key, descending);
    }

    private static bool IsNumericField(string field)
    {
        var lower = field.ToLowerInvariant();
        return lower.StartsWith("metric", StringComparison.Ordinal) || FilterParser.NumericAttributes.Any(a => lower == a || lower.EndsWith("." + a, StringComparison.Ordinal));
    }
}
