using System.Globalization;

namespace MlNotebooks.Training.Data;

public sealed partial class TabularData
{
    /// <summary>A label with at most this many distinct whole values is a class label under the task rule.</summary>
    public const int MaxRuleClasses = 20;

    /// <summary>A text column with more distinct values than this is refused (an identifier or a date, not a category).</summary>
    public const int MaxCategories = 100;

    /// <summary>The task rule, as printed.</summary>
    public const string TaskRuleText = "text labels, or whole non-negative labels with at most 20 distinct values, are classification; other labels are regression";

    /// <summary>
    /// Rows from raw columns: picks the label and features (<paramref name="options"/>), decides the task (given, or by
    /// <see cref="TaskRuleText"/>) and lays out the features. Data with text columns or missing numbers gets a
    /// <see cref="Schema"/>: one-hot categories with an unknown bucket, a missing indicator per numeric column with
    /// missing values; missing numbers stay NaN until <see cref="ImputeMissing"/> fills them with training medians.
    /// </summary>
    public static TabularData FromColumns(IReadOnlyList<RawColumn> columns, TabularOptions? options = null, string what = "the data")
    {
        options ??= new TabularOptions();
        options.Validate();
        if (columns.Count < 2) throw MlnbException.Invalid($"{what} needs at least one feature column and a label column; it has {columns.Count} column(s)");
        string Names() => string.Join(", ", columns.Select(c => c.Name));
        var label = options.Label is null ? columns[^1] : columns.FirstOrDefault(c => c.Name == options.Label)
            ?? throw MlnbException.Invalid($"{what} has no label column '{options.Label}'; its columns are {Names()}");
        var features = options.Features is null ? columns.Where(c => c != label).ToList()
            : options.Features.Select(f => f == label.Name ? throw MlnbException.Invalid($"--features names the label column '{f}'; leave it out or pick another --label")
                : columns.FirstOrDefault(c => c.Name == f) ?? throw MlnbException.Invalid($"{what} has no feature column '{f}'; its columns are {Names()}")).ToList();
        if (features.Count == 0) throw MlnbException.Invalid($"{what} has no feature column besides the label '{label.Name}'");
        var rows = label.Length;
        if (rows == 0) throw MlnbException.Invalid($"{what} has no rows");
        var missingLabels = Enumerable.Range(0, rows).Where(label.IsMissing).ToList();
        if (missingLabels.Count > 0)
            throw MlnbException.Invalid($"{what} label column '{label.Name}' has no value in {missingLabels.Count} row(s) (first: row {missingLabels[0] + 1}); drop those rows or pick another --label");
        foreach (var f in features)
            if (f.MissingCount == rows) throw MlnbException.Invalid($"{what} column '{f.Name}' has no values (all {rows} rows are missing); leave it out with --features");

        var (y, classes, classNames, rule) = LabelsOf(label, options, what);
        var featurized = features.Any(f => f.IsText || f.MissingCount > 0);
        if (!featurized)
        {
            var x = new float[rows * features.Count];
            for (var j = 0; j < features.Count; j++)
                for (var i = 0; i < rows; i++) x[i * features.Count + j] = features[j].Numbers![i];
            return new TabularData(x, y, features.Count, classes, features.Select(c => c.Name).ToArray()) { ClassNames = classNames, LabelName = label.Name, TaskRule = rule };
        }
        var schema = new FeatureSchema([.. features.Select(f => Describe(f, what))]);
        var width = schema.Width;
        var values = new float[rows * width];
        var at = 0;
        for (var j = 0; j < features.Count; j++)
        {
            var spec = schema.Columns[j];
            for (var i = 0; i < rows; i++) Featurize(spec, features[j], i, values.AsSpan(i * width + at, spec.Width));
            at += spec.Width;
        }
        return new TabularData(values, y, width, classes, schema.FeatureNames)
        {
            Schema = schema, Raw = features, ClassNames = classNames, LabelName = label.Name, TaskRule = rule,
        };
    }

    private static FeatureColumn Describe(RawColumn c, string what)
    {
        if (!c.IsText) return new FeatureColumn(c.Name, FeatureColumn.Number, [], c.MissingCount > 0, float.NaN);
        var categories = c.Strings!.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (categories.Length > MaxCategories)
            throw MlnbException.Invalid($"{what} column '{c.Name}' holds text with {categories.Length} distinct values (more than {MaxCategories}: an identifier or a date, not a category); leave it out with --features");
        return new FeatureColumn(c.Name, FeatureColumn.Category, categories, false, 0);
    }

    /// <summary>Writes the features of one raw value; a missing number stays NaN, an unknown or missing category sets the last feature.</summary>
    internal static void Featurize(FeatureColumn spec, RawColumn column, int row, Span<float> into)
    {
        into.Clear();
        if (spec.IsCategory)
        {
            var s = column.Strings![row];
            var k = s is null ? -1 : IndexOf(spec.Categories, s);
            into[k < 0 ? spec.Categories.Count : k] = 1;
            return;
        }
        var v = column.Numbers![row];
        into[0] = float.IsNaN(v) ? spec.Fill : v; // NaN until ImputeMissing sets the training median
        if (spec.MissingIndicator) into[1] = float.IsNaN(v) ? 1 : 0;
    }

    private static int IndexOf(IReadOnlyList<string> list, string s)
    {
        for (var i = 0; i < list.Count; i++) if (string.Equals(list[i], s, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static (float[] Y, int Classes, IReadOnlyList<string>? Names, string Rule) LabelsOf(RawColumn label, TabularOptions o, string what)
    {
        var task = o.Classes is { } k ? (k > 0 ? "classification" : "regression") : o.Task;
        var given = o.Classes is not null ? "set by the definition" : o.Task is not null ? "set by --task" : null;
        if (label.IsText)
        {
            if (task == "regression")
                throw MlnbException.Invalid($"{what} label column '{label.Name}' holds text ('{label.Strings!.First(s => s is not null)}'); regression needs numbers: use --task classification or another --label");
            var names = label.Strings!.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Cast<string>().ToArray();
            var y = label.Strings!.Select(s => (float)Array.IndexOf(names, s)).ToArray();
            return (y, o.Classes ?? names.Length, names, given ?? $"classification: label '{label.Name}' holds text ({names.Length} classes)");
        }
        var v = label.Numbers!;
        var whole = v.All(x => x >= 0 && x == MathF.Floor(x));
        var distinct = v.Distinct().Count();
        if (task == "classification" && !whole)
        {
            var bad = v.First(x => x < 0 || x != MathF.Floor(x));
            throw MlnbException.Invalid($"{what} label column '{label.Name}' has the value {bad.ToString(CultureInfo.InvariantCulture)}; classification needs class numbers 0, 1, 2, ...: use --task regression or another --label");
        }
        task ??= whole && distinct <= MaxRuleClasses ? "classification" : "regression";
        var rule = given ?? (task == "classification"
            ? $"classification: label '{label.Name}' has {distinct} distinct whole values (at most {MaxRuleClasses}); pass --task regression to override"
            : $"regression: label '{label.Name}' has {distinct} distinct values{(whole ? $" (more than {MaxRuleClasses})" : ", not all whole numbers ≥ 0")}; pass --task classification to override");
        var classes = o.Classes ?? (task == "classification" ? (int)v.Max() + 1 : 0);
        return (v, classes, null, rule);
    }

    /// <summary>
    /// Fills missing numbers with the median of <paramref name="train"/>'s column (its rows only) in both sets and
    /// records the medians in the schema, which the exported model carries. Data without a schema is returned as is.
    /// </summary>
    public static (TabularData Train, TabularData Validation) ImputeMissing(TabularData train, TabularData validation)
    {
        if (train.Schema is not { } schema || train.Raw is null) return (train, validation);
        var fitted = new FeatureSchema([.. schema.Columns.Select((c, j) => c.IsCategory ? c : c with { Fill = Median(train.Raw[j], c.Name) })]) { Fitted = true };
        return (train.Refeaturize(fitted), validation.Refeaturize(fitted));
    }

    private static float Median(RawColumn c, string name)
    {
        var present = c.Numbers!.Where(v => !float.IsNaN(v)).Order().ToArray();
        if (present.Length == 0)
            throw MlnbException.Invalid($"column '{name}' has no values in the training rows, so there is no median to fill it with; leave it out with --features");
        var mid = present.Length / 2;
        return present.Length % 2 == 1 ? present[mid] : (float)((present[mid - 1] + (double)present[mid]) / 2);
    }

    /// <summary>The features of these rows under another schema (same columns).</summary>
    public TabularData Refeaturize(FeatureSchema schema)
    {
        if (Raw is null || Raw.Count != schema.Columns.Count) throw MlnbException.State("these rows have no raw columns to featurize again");
        var width = schema.Width;
        var values = new float[Rows * width];
        var at = 0;
        for (var j = 0; j < Raw.Count; j++)
        {
            var spec = schema.Columns[j];
            for (var i = 0; i < Rows; i++) Featurize(spec, Raw[j], i, values.AsSpan(i * width + at, spec.Width));
            at += spec.Width;
        }
        return new TabularData(values, Labels, width, Classes, schema.FeatureNames) { Schema = schema, Raw = Raw, ClassNames = ClassNames, LabelName = LabelName, TaskRule = TaskRule };
    }
}
