using System.Globalization;
using System.IO.Compression;

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
        return new TabularData(x, y, Columns, Classes, FeatureNames);
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
    /// <c>ROWS,FEATURES,class names...</c>), a header of names, or no header. Labels that are all whole numbers make a
    /// classification set with max+1 classes unless <paramref name="classes"/> says otherwise (0 = regression).
    /// </summary>
    public static TabularData LoadCsv(string path, int? classes = null)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"data file '{path}' does not exist; pass --data PATH");
        using var stream = File.OpenRead(path);
        using var input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? (Stream)new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(input);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) if (line.Length > 0) lines.Add(line);
        if (lines.Count == 0) throw MlnbException.Invalid($"'{path}' is empty");
        string[]? names = null;
        var first = lines[0].Split(',');
        var start = 0;
        if (!first.All(IsNumber))
        {
            start = 1;
            if (!(first.Length >= 2 && int.TryParse(first[0], out _) && int.TryParse(first[1], out _))) names = first[..^1]; // sklearn header has counts
        }
        var cols = lines[start].Split(',').Length - 1;
        if (cols < 1) throw MlnbException.Invalid($"'{path}' needs at least one feature column and a label column");
        var x = new float[(lines.Count - start) * cols];
        var y = new float[lines.Count - start];
        for (var i = start; i < lines.Count; i++)
        {
            var parts = lines[i].Split(',');
            if (parts.Length != cols + 1) throw MlnbException.Invalid($"'{path}' line {i + 1} has {parts.Length} fields; expected {cols + 1}");
            for (var j = 0; j < cols; j++) x[(i - start) * cols + j] = Parse(parts[j], path, i);
            y[i - start] = Parse(parts[cols], path, i);
        }
        var k = classes ?? (y.All(v => v >= 0 && v == MathF.Floor(v)) ? (int)y.Max() + 1 : 0);
        return new TabularData(x, y, cols, k, names);
    }

    private static bool IsNumber(string s) => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static float Parse(string s, string path, int line) =>
        float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw MlnbException.Invalid($"'{path}' line {line + 1}: '{s}' is not a number");
}
