using System.Globalization;
using MlNotebooks.Monitoring;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;
using Parquet;
using Parquet.Schema;

namespace MlNotebooks.Serving.Observability;

/// <summary>
/// The recorded rows of one model version in one window, column by column: a tensor whose signature names its columns
/// gives columns of those names (so the training data can be the drift reference as it is); otherwise a tensor of one
/// value per row is a column named as the tensor, a wider one gives <c>NAME[k]</c> columns (as <c>mlnb predict</c>
/// names them); numbers are doubles, booleans and strings are text.
/// </summary>
internal sealed class RecordedWindow
{
    private readonly string[] _names;
    private readonly List<double>?[] _numbers;
    private readonly List<string?>?[] _labels;
    private readonly string _layout;

    public RecordedWindow(ModelVersion version, DateTimeOffset start, ModelSignature? signature, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs)
    {
        var specs = signature is null ? [] : signature.Inputs.Concat(signature.Outputs).GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Version = version;
        Start = start;
        var names = new List<string>();
        var numeric = new List<bool>();
        foreach (var t in inputs.Concat(outputs))
        {
            var size = t.RowSize;
            var columns = specs.GetValueOrDefault(t.Name)?.Columns is { } c && c.Count == size ? c : null;
            for (var k = 0; k < size; k++)
            {
                names.Add(columns is not null ? columns[k] : size == 1 ? t.Name : $"{t.Name}[{k.ToString(CultureInfo.InvariantCulture)}]");
                numeric.Add(t.Datatype is "FP32" or "FP64" or "INT64" or "INT32");
            }
        }
        _names = [.. names];
        _numbers = [.. numeric.Select(n => n ? new List<double>() : null)];
        _labels = [.. numeric.Select(n => n ? null : new List<string?>())];
        _layout = Layout(inputs, outputs);
    }

    public ModelVersion Version { get; }

    public DateTimeOffset Start { get; }

    public int Rows { get; private set; }

    private static string Layout(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs) =>
        string.Join(';', inputs.Concat(outputs).Select(t => $"{t.Name}:{t.Datatype}:{t.RowSize}"));

    /// <summary>Appends the rows of one request; returns why they were dropped, or null.</summary>
    public string? Add(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs, int maxRows)
    {
        if (Layout(inputs, outputs) != _layout) return "layout_changed";
        var rows = inputs.Count == 0 ? 0 : (int)inputs[0].Rows;
        if (Rows + rows > maxRows) return "window_full";
        foreach (var t in inputs.Concat(outputs)) if (t.Rows != rows) return "ragged";
        var column = 0;
        foreach (var t in inputs.Concat(outputs))
        {
            var size = t.RowSize;
            for (var k = 0; k < size; k++, column++)
            {
                // One type test per column, not per value.
                if (_numbers[column] is { } n)
                {
                    switch (t.Data)
                    {
                        case float[] f: for (var r = 0; r < rows; r++) n.Add(f[r * size + k]); break;
                        case double[] d: for (var r = 0; r < rows; r++) n.Add(d[r * size + k]); break;
                        case long[] l: for (var r = 0; r < rows; r++) n.Add(l[r * size + k]); break;
                        case int[] x: for (var r = 0; r < rows; r++) n.Add(x[r * size + k]); break;
                        default: for (var r = 0; r < rows; r++) n.Add(double.NaN); break;
                    }
                }
                else
                {
                    var labels = _labels[column]!;
                    for (var r = 0; r < rows; r++)
                    {
                        var i = r * size + k;
                        labels.Add(t.Data switch { bool[] b => b[i] ? "true" : "false", string[] s => s[i], var a => Convert.ToString(a.GetValue(i), CultureInfo.InvariantCulture) });
                    }
                }
            }
        }
        Rows += rows;
        return null;
    }

    /// <summary>A copy of the rows as a table, for drift.</summary>
    public ColumnTable ToTable() => new([.. _names.Select((n, c) => _numbers[c] is { } x ? TableColumn.Numeric(n, [.. x]) : TableColumn.Categorical(n, [.. _labels[c]!]))]);

    /// <summary>Writes <c>DIR/MODEL/vVERSION/START.parquet</c> (<c>START-2.parquet</c>, ... when that exists) and returns its path.</summary>
    public string WriteParquet(string directory)
    {
        var folder = Path.Combine(directory, Version.Name, "v" + Version.Version.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, InferenceRecorder.Stamp(Start));
        var path = stem + ".parquet";
        for (var n = 2; File.Exists(path); n++) path = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}.parquet";
        var fields = _names.Select((n, c) => _numbers[c] is null ? (DataField)new DataField<string>(n) : new DataField<double>(n)).ToArray();
        var tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        {
            WriteAsync(stream, fields).GetAwaiter().GetResult();
        }
        File.Move(tmp, path);
        return path;
    }

    private async Task WriteAsync(Stream stream, DataField[] fields)
    {
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).ConfigureAwait(false);
        using var group = writer.CreateRowGroup();
        for (var c = 0; c < fields.Length; c++)
        {
            if (_numbers[c] is { } n) await group.WriteAsync<double>(fields[c], n.ToArray().AsMemory()).ConfigureAwait(false);
            else await group.WriteAsync(fields[c], _labels[c]!.ToArray()).ConfigureAwait(false);
        }
    }
}
