using System.Globalization;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Scoring;

/// <summary>
/// Rows of named columns (a pandas DataFrame's worth of a request or a CSV chunk), turned into a signature's tensors:
/// an input with feature names takes those columns in order; an input named like a column takes that column; a
/// single 2-D input of width N takes N columns in order.
/// </summary>
internal sealed class Table(IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows)
{
    public IReadOnlyList<string> Columns => columns;

    public IReadOnlyList<object?[]> Rows => rows;

    public List<Tensor> ToTensors(ModelSignature signature)
    {
        var tensors = new List<Tensor>();
        var n = rows.Count;
        foreach (var spec in signature.Inputs)
        {
            int[] picks;
            if (spec.Columns is { Count: > 0 } names)
                picks = [.. names.Select(c => IndexOf(c) is var i and >= 0 ? i
                    : throw MlnbException.Invalid($"column '{c}' is missing; input '{spec.Name}' takes the columns {string.Join(", ", names)}"))];
            else if (IndexOf(spec.Name) is var own and >= 0) picks = [own];
            else if (signature.Inputs.Count == 1 && spec.Shape.Count == 2 && spec.Shape[1] == columns.Count) picks = [.. Enumerable.Range(0, columns.Count)];
            else throw MlnbException.Invalid($"input '{spec.Name}' ({spec.Datatype}, shape [{string.Join(",", spec.Shape)}]) cannot be filled from the columns {string.Join(", ", columns)}; name a column '{spec.Name}'"
                + (spec.Shape.Count == 2 && spec.Shape[1] > 0 ? $" or send {spec.Shape[1]} columns" : ""));
            var data = Tensor.NewArray(spec.Datatype, n * picks.Length);
            for (var r = 0; r < n; r++)
                for (var j = 0; j < picks.Length; j++)
                    data.SetValue(Convert(rows[r][picks[j]], spec.Datatype, columns[picks[j]], r), r * picks.Length + j);
            long[] shape = spec.Shape.Count switch
            {
                1 => [n],
                2 when picks.Length == 1 && spec.Columns is null && spec.Shape[1] is 1 or -1 => [n, 1],
                _ => [n, picks.Length],
            };
            if (spec.Shape.Count == 1 && picks.Length != 1)
                throw MlnbException.Invalid($"input '{spec.Name}' takes one value per row but {picks.Length} columns map to it");
            tensors.Add(new Tensor(spec.Name, spec.Datatype, shape, data));
        }
        return tensors;
    }

    private int IndexOf(string column)
    {
        for (var i = 0; i < columns.Count; i++) if (columns[i] == column) return i;
        return -1;
    }

    private static object Convert(object? value, string datatype, string column, int row)
    {
        MlnbException Bad() => MlnbException.Invalid($"column '{column}' row {row}: {(value is null ? "missing value" : $"'{value}'")} is not a {datatype} value");
        return (datatype, value) switch
        {
            // A missing cell: NaN for a float (a model that imputes takes it), "" for text (its unknown category).
            ("FP32", null) => float.NaN,
            ("FP64", null) => double.NaN,
            ("BYTES", null) => "",
            (_, null) => throw Bad(),
            ("FP32", double d) => (float)d,
            ("FP64", double d) => d,
            ("INT64", double d) when d == Math.Floor(d) => (long)d,
            ("INT32", double d) when d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
            ("BOOL", bool b) => b,
            ("BOOL", double d) when d is 0 or 1 => d == 1,
            ("BYTES", string s) => s,
            ("BYTES", double d) => d.ToString(CultureInfo.InvariantCulture),
            _ => throw Bad(),
        };
    }
}
