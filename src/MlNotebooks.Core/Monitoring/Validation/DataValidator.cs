using System.Globalization;

namespace MlNotebooks.Monitoring.Validation;

/// <summary>Checks a table against a suite: presence, type, range, allowed values, share of missing values, uniqueness.</summary>
public static class DataValidator
{
    /// <summary>Every check of <paramref name="suite"/> on <paramref name="table"/>.</summary>
    public static ValidationResult Validate(ColumnTable table, ValidationSuite suite)
    {
        var checks = new List<CheckResult>();
        if (suite.MinRows is { } minRows)
            checks.Add(new("", "rows", table.RowCount >= minRows, $"{table.RowCount} row(s), needs at least {minRows}"));
        foreach (var (name, e) in suite.Columns)
        {
            var column = table.Find(name);
            if (column is null)
            {
                if (e.Required) checks.Add(new(name, "present", false, $"missing; the data has {string.Join(", ", table.Columns.Select(c => c.Name))}"));
                continue;
            }
            if (e.Type is { } type) checks.Add(new(name, "type", column.KindName == type, $"is {column.KindName}, expected {type}"));
            var n = column.Length;
            var missing = column.IsNumeric ? column.Numbers!.Count(v => double.IsNaN(v)) : column.Labels!.Count(v => v is null);
            if (e.MaxNullShare is { } share)
            {
                var actual = n == 0 ? 0 : missing / (double)n;
                checks.Add(new(name, "null_share", actual <= share, F($"{missing} of {n} missing ({actual:P1}), allowed {share:P1}")));
            }
            if (e.Min is not null || e.Max is not null)
            {
                if (!column.IsNumeric) checks.Add(new(name, "range", false, "is categorical; min and max need a numeric column"));
                else
                {
                    var values = column.Numbers!.Where(v => !double.IsNaN(v)).ToArray();
                    if (e.Min is { } min)
                    {
                        var below = values.Where(v => v < min).ToArray();
                        checks.Add(new(name, "min", below.Length == 0, below.Length == 0 ? F($"all ≥ {min}") : F($"{below.Length} value(s) below {min} (smallest {below.Min()})")));
                    }
                    if (e.Max is { } max)
                    {
                        var above = values.Where(v => v > max).ToArray();
                        checks.Add(new(name, "max", above.Length == 0, above.Length == 0 ? F($"all ≤ {max}") : F($"{above.Length} value(s) above {max} (largest {above.Max()})")));
                    }
                }
            }
            if (e.Allowed is { } allowed)
            {
                var set = new HashSet<string>(allowed, StringComparer.Ordinal);
                var texts = column.IsNumeric
                    ? column.Numbers!.Where(v => !double.IsNaN(v)).Select(v => v.ToString(CultureInfo.InvariantCulture))
                    : column.Labels!.Where(v => v is not null).Select(v => v!);
                var bad = texts.Where(t => !set.Contains(t)).GroupBy(t => t).OrderByDescending(g => g.Count()).ToList();
                checks.Add(new(name, "allowed", bad.Count == 0, bad.Count == 0 ? "all values allowed"
                    : $"{bad.Sum(g => g.Count())} value(s) not allowed: {string.Join(", ", bad.Take(5).Select(g => $"'{g.Key}' ×{g.Count()}"))}{(bad.Count > 5 ? ", …" : "")}"));
            }
            if (e.Unique == true)
            {
                var texts = column.IsNumeric
                    ? column.Numbers!.Where(v => !double.IsNaN(v)).Select(v => v.ToString("R", CultureInfo.InvariantCulture))
                    : column.Labels!.Where(v => v is not null).Select(v => v!);
                var dupes = texts.GroupBy(t => t).Where(g => g.Count() > 1).ToList();
                checks.Add(new(name, "unique", dupes.Count == 0, dupes.Count == 0 ? "all values distinct"
                    : $"{dupes.Count} value(s) repeated, e.g. '{dupes[0].Key}' ×{dupes[0].Count()}"));
            }
        }
        return new ValidationResult(checks);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
