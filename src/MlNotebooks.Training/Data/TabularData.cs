namespace MlNotebooks.Training.Data;

/// <summary>
/// Rows of float features with one label each, row-major. Labels are class indices (0..Classes-1) for classification,
/// or targets for regression (<see cref="Classes"/> = 0).
/// </summary>
public sealed partial class TabularData
{
    /// <summary>Creates a data set; checks that the arrays agree.</summary>
    public TabularData(float[] features, float[] labels, int columns, int classes, IReadOnlyList<string>? featureNames = null)
    {
        if (columns < 1) throw MlnbException.Invalid("a data set needs at least one feature column");
        if (features.Length != labels.Length * columns)
            throw MlnbException.Invalid($"{features.Length} feature values do not make {labels.Length} rows of {columns} columns");
        Features = features;
        Labels = labels;
        Columns = columns;
        Classes = classes;
        FeatureNames = featureNames ?? Enumerable.Range(0, columns).Select(i => $"f{i}").ToArray();
    }

    /// <summary>Row-major features, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public float[] Features { get; }

    /// <summary>One label per row.</summary>
    public float[] Labels { get; }

    /// <summary>Feature columns.</summary>
    public int Columns { get; }

    /// <summary>Rows.</summary>
    public int Rows => Labels.Length;

    /// <summary>Number of classes for classification; 0 for regression.</summary>
    public int Classes { get; }

    /// <summary>Feature names (f0, f1, ... when the file has none).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>
    /// How raw columns become the features, when the data has text or missing values (null for all-number data
    /// without missing values, whose features are the columns themselves).
    /// </summary>
    public FeatureSchema? Schema { get; init; }

    /// <summary>The raw columns of the rows (with <see cref="Schema"/>): what the exported model takes.</summary>
    public IReadOnlyList<RawColumn>? Raw { get; init; }

    /// <summary>The class names when the label was text (class i is ClassNames[i]).</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The label column's name, when known.</summary>
    public string? LabelName { get; init; }

    /// <summary>Why the task is classification or regression (the rule, or the option that set it).</summary>
    public string? TaskRule { get; init; }

    /// <summary><c>classification</c> or <c>regression</c>.</summary>
    public string Task => Classes > 0 ? "classification" : "regression";

    /// <summary>One row's features.</summary>
    public ReadOnlySpan<float> Row(int i) => Features.AsSpan(i * Columns, Columns);

    /// <summary>The rows at the given indices, in that order.</summary>
    public TabularData Take(IReadOnlyList<int> rows)
    {
        var x = new float[rows.Count * Columns];
        var y = new float[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            Row(rows[i]).CopyTo(x.AsSpan(i * Columns, Columns));
            y[i] = Labels[rows[i]];
        }
        return new TabularData(x, y, Columns, Classes, FeatureNames)
        {
            Schema = Schema, Raw = Raw?.Select(c => c.Take(rows)).ToArray(), ClassNames = ClassNames, LabelName = LabelName, TaskRule = TaskRule,
        };
    }

    /// <summary>A seeded shuffle split into (train, validation); validation gets <paramref name="validationFraction"/> of the rows.</summary>
    public (TabularData Train, TabularData Validation) Split(double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1) throw MlnbException.Invalid($"the validation fraction must be between 0 and 1, not {validationFraction}");
        var idx = Enumerable.Range(0, Rows).ToArray();
        new Random(seed).Shuffle(idx);
        var cut = Rows - Math.Max(1, (int)Math.Round(Rows * validationFraction));
        return (Take(idx[..cut]), Take(idx[cut..]));
    }

    /// <summary>
    /// Loads a CSV (optionally .gz) whose last column is the label. Understands sklearn's format (a first line
    /// <c>ROWS,FEATURES,class names...</c>), a header of names, or no header; see <see cref="Load"/> for text and
    /// missing values. <paramref name="classes"/> sets the class count (0 = regression) instead of the task rule.
    /// </summary>
    public static TabularData LoadCsv(string path, int? classes = null) =>
        FromColumns(ReadCsv(path), new TabularOptions { Classes = classes }, $"'{path}'");
}
