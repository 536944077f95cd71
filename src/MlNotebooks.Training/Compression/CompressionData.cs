using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Compression;

/// <summary>Rows for evaluation or calibration, checked against the model's input width.</summary>
/// <param name="Features">Row-major features.</param>
/// <param name="Labels">One label per row, or null for unlabelled calibration rows.</param>
/// <param name="Width">Features per row.</param>
/// <param name="Description">Where the rows came from, for the output.</param>
internal sealed record CompressionData(float[] Features, float[]? Labels, int Width, string Description)
{
    public int Rows => Features.Length / Width;

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
