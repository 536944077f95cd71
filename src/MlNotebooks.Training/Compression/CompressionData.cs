using System.Globalization;
using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Compression;

/// <summary>Rows for evaluation or calibration, checked against the model's input width.</summary>
/// <param name="Features">Row-major features.</param>
/// <param name="Labels">One label per row, or null for unlabelled calibration rows.</param>
/// <param name="Width">Features per row.</param>
/// <param name="Description">Where the rows came from, for the output.</param>
internal sealed record CompressionData(float[] Features, float[]? Labels, int Width, string Description)
{
    /// <summary>For a model with one input per raw column: the columns in the model's input order (then <see cref="Features"/> is empty).</summary>
    public IReadOnlyList<RawColumn>? Columns { get; init; }

    public int Rows => Columns is { } c ? c[0].Length : Features.Length / Width;

    /// <summary>
    /// Loads a CSV or Parquet file for a model taking <paramref name="width"/> features per row: the label is the last
    /// column; calibration files (<paramref name="labelled"/> false) may also have no label column.
    /// </summary>
    public static CompressionData Load(string path, int width, bool labelled, string role, string model)
    {
        var d = TabularData.Load(path);
        if (d.Columns == width) return new CompressionData(d.Features, labelled ? d.Labels : null, width, $"{d.Rows} rows of {Path.GetFileName(path)}");
        if (!labelled && d.Columns + 1 == width)
        {
            var x = new float[d.Rows * width];
            for (var i = 0; i < d.Rows; i++)
            {
                d.Row(i).CopyTo(x.AsSpan(i * width, d.Columns));
                x[i * width + d.Columns] = d.Labels[i];
            }
            return new CompressionData(x, null, width, $"{d.Rows} rows of {Path.GetFileName(path)}");
        }
        throw MlnbException.Invalid($"{role} data '{path}' has {d.Columns + 1} columns, {model} takes {width} features per row; give rows with the model's {width} feature columns"
            + (labelled ? " and the label last" : " (and optionally the label last)"));
    }

    /// <summary>Rows taken from a loaded set (e.g. the validation split of the training data).</summary>
    public static CompressionData From(TabularData d, int width, string description, string model) =>
        d.Columns == width ? new CompressionData(d.Features, d.Labels, width, description)
        : throw MlnbException.Invalid($"{description} has {d.Columns} features per row but {model} takes {width}; pass --data FILE with the model's feature columns and the label last");
}

/// <summary>Rows for a model that takes one input per raw column (float32 or string [batch, 1]).</summary>
internal static class ColumnData
{
    /// <summary>
    /// Reads a CSV or Parquet file and picks the model's input columns by name. Labelled (evaluation) data needs the
    /// label: <paramref name="labelName"/> (the training run's) when the file has it, else the last column that is no
    /// input; text labels are mapped to class indices by <paramref name="classNames"/>.
    /// </summary>
    public static CompressionData Load(string path, IReadOnlyList<ColumnInput> inputs, string? labelName, IReadOnlyList<string>? classNames, bool labelled, string role, string model)
    {
        var raw = TabularData.ReadColumns(path);
        var what = $"{role} data '{path}'";
        RawColumn? label = null;
        if (labelled)
        {
            label = (labelName is null ? null : raw.FirstOrDefault(c => c.Name == labelName))
                ?? raw.LastOrDefault(c => inputs.All(i => i.Name != c.Name))
                ?? throw MlnbException.Invalid($"{what} has no label column{(labelName is null ? "" : $" '{labelName}'")}; give the model's input columns ({string.Join(", ", inputs.Select(i => i.Name))}) and the label");
        }
        var columns = Pick(raw, inputs, what, model);
        var labels = label is null ? null : Labels(label, classNames, what);
        return new CompressionData([], labels, 0, $"{columns[0].Length} rows of {Path.GetFileName(path)}") { Columns = columns };
    }

    /// <summary>Rows of a loaded table (e.g. the validation split of the training data) for the model's inputs.</summary>
    public static CompressionData From(TabularData d, IReadOnlyList<ColumnInput> inputs, string description, string model)
    {
        // Data without text or missing values keeps no raw columns: its features are the columns themselves.
        var raw = d.Raw ?? [.. d.FeatureNames.Select((name, j) => new RawColumn(name, [.. Enumerable.Range(0, d.Rows).Select(i => d.Features[i * d.Columns + j])], null))];
        return new CompressionData([], d.Labels, 0, description) { Columns = Pick(raw, inputs, description, model) };
    }

    private static RawColumn[] Pick(IReadOnlyList<RawColumn> raw, IReadOnlyList<ColumnInput> inputs, string what, string model) =>
        [.. inputs.Select(input =>
        {
            var c = raw.FirstOrDefault(r => r.Name == input.Name)
                ?? throw MlnbException.Invalid($"{what} has no column '{input.Name}', which {model} takes as an input; give a column for each of its inputs ({string.Join(", ", inputs.Select(i => i.Name))}); its columns are {string.Join(", ", raw.Select(r => r.Name))}");
            if (input.IsText == c.IsText) return c;
            if (input.IsText) return c with { Numbers = null, Strings = [.. c.Numbers!.Select(v => float.IsNaN(v) ? null : v.ToString(CultureInfo.InvariantCulture))] };
            throw MlnbException.Invalid($"{what} column '{input.Name}' holds text ('{c.Strings!.First(s => s is not null)}') but {model} takes numbers there; give numbers (missing ones empty)");
        })];

    private static float[] Labels(RawColumn label, IReadOnlyList<string>? classNames, string what)
    {
        if (label.MissingCount > 0) throw MlnbException.Invalid($"{what} label column '{label.Name}' has no value in {label.MissingCount} row(s); drop those rows");
        if (!label.IsText) return label.Numbers!;
        if (classNames is null) throw MlnbException.Invalid($"{what} label column '{label.Name}' holds text but the model has no class names; give class numbers 0, 1, ...");
        var names = classNames.ToList();
        return [.. label.Strings!.Select(s => names.IndexOf(s!) is var k and >= 0 ? (float)k
            : throw MlnbException.Invalid($"{what} label column '{label.Name}' has the value '{s}', not one of the model's classes ({string.Join(", ", classNames)})"))];
    }
}

/// <summary>How well a model does on labelled rows.</summary>
/// <param name="Accuracy">Fraction of rows whose argmax is the label (classification).</param>
/// <param name="Rmse">Root mean squared error (regression).</param>
/// <param name="R2">Coefficient of determination (regression).</param>
public sealed record ModelQuality(double? Accuracy, double? Rmse, double? R2)
{
    /// <summary>Scores outputs (<paramref name="width"/> per row; 2 or more is classification by argmax).</summary>
    internal static ModelQuality Score(float[] outputs, int width, float[] labels, string what)
    {
        var n = labels.Length;
        if (width >= 2)
        {
            var correct = 0;
            for (var i = 0; i < n; i++)
            {
                var label = labels[i];
                if (label < 0 || label >= width || label != MathF.Floor(label))
                    throw MlnbException.Invalid($"{what}: row {i} has label {label}, not one of the model's {width} classes (0..{width - 1}); the label must be the last column");
                var best = 0;
                for (var j = 1; j < width; j++) if (outputs[i * width + j] > outputs[i * width + best]) best = j;
                if (best == (int)label) correct++;
            }
            return new ModelQuality((double)correct / n, null, null);
        }
        double sse = 0, mean = labels.Average(v => (double)v), sst = 0;
        for (var i = 0; i < n; i++)
        {
            sse += Math.Pow(outputs[i] - labels[i], 2);
            sst += Math.Pow(labels[i] - mean, 2);
        }
        return new ModelQuality(null, Math.Sqrt(sse / n), sst > 0 ? 1 - sse / sst : null);
    }
}
