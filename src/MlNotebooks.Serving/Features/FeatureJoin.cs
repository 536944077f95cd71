using System.Globalization;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;
using MlNotebooks.Serving.Scoring;

namespace MlNotebooks.Serving.Features;

/// <summary>
/// Completes a request with looked-up features: the request's rows carry the join keys (and any request-time
/// columns), the lookup adds the feature columns, then the signature's column names pick the model's inputs.
/// A column the request sends itself wins over the looked-up one of the same name. A model whose one input has no
/// column names takes the looked-up features in order when its width is their count.
/// </summary>
internal static class FeatureJoin
{
    public static Table Enrich(Table request, IFeatureLookup lookup, ServingFeatures config, string model, ModelSignature signature)
    {
        var n = request.Rows.Count;
        var entities = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
        foreach (var key in lookup.JoinKeys)
        {
            var i = IndexOf(request.Columns, key);
            if (i < 0)
                throw MlnbException.Invalid($"join key '{key}' is missing from the request; model '{model}' fetches its features by {string.Join(", ", lookup.JoinKeys)}: send it with each row, e.g. {{\"dataframe_records\": [{{\"{key}\": ...}}]}}");
            var values = new object?[n];
            for (var r = 0; r < n; r++)
                values[r] = request.Rows[r][i] ?? throw MlnbException.Invalid($"join key '{key}' row {r} is missing; give every row its entity key");
            entities[key] = values;
        }
        var fetched = lookup.Fetch(entities);
        if (config.OnMissing == "error")
            for (var r = 0; r < n; r++)
                if (fetched.Missing[r] is { } view)
                    throw MlnbException.NotFound($"entity {string.Join(", ", lookup.JoinKeys.Select(k => $"{k}={Show(entities[k][r])}"))} (row {r}) has no values in feature view '{view}'; materialize it (`mlnb features materialize-incremental`) or check the key");
        // A model with one unnamed [N, K] input (a trainer that records no column names) and K looked-up features:
        // the features are its columns, in the serving config's order.
        if (signature.Inputs is [{ Columns: null or { Count: 0 }, Shape: [_, var width] }] && width == lookup.FeatureNames.Count)
        {
            var sent = lookup.FeatureNames.Select(f => IndexOf(request.Columns, f)).ToArray();
            return new Table(lookup.FeatureNames, [.. Enumerable.Range(0, n).Select(r => sent.Select((i, f) => i >= 0 ? request.Rows[r][i] : Cell(fetched.Columns[f][r])).ToArray())]);
        }
        var columns = new List<string>(request.Columns);
        var added = new List<int>();
        for (var f = 0; f < lookup.FeatureNames.Count; f++)
        {
            if (IndexOf(request.Columns, lookup.FeatureNames[f]) >= 0) continue; // sent with the request: it wins
            columns.Add(lookup.FeatureNames[f]);
            added.Add(f);
        }
        var rows = new List<object?[]>(n);
        for (var r = 0; r < n; r++)
        {
            var row = new object?[columns.Count];
            Array.Copy(request.Rows[r], row, request.Columns.Count);
            for (var j = 0; j < added.Count; j++) row[request.Columns.Count + j] = Cell(fetched.Columns[added[j]][r]);
            rows.Add(row);
        }
        return new Table(columns, rows);
    }

    /// <summary>A v2 request's tensors as columns: each must hold one value per row ([N] or [N, 1]).</summary>
    public static Table FromTensors(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count == 0) throw MlnbException.Invalid("the request has no inputs; send the join keys as inputs, e.g. {\"name\": \"driver_id\", \"datatype\": \"INT64\", \"shape\": [1], \"data\": [1001]}");
        var n = inputs[0].Rows;
        foreach (var t in inputs)
        {
            if (t.RowSize != 1) throw MlnbException.Invalid($"input '{t.Name}' has shape [{string.Join(",", t.Shape)}]; a model that fetches features takes one column per input, shape [N] or [N, 1]");
            if (t.Rows != n) throw MlnbException.Invalid($"input '{t.Name}' has {t.Rows} rows but '{inputs[0].Name}' has {n}; give every input one value per row");
        }
        var rows = new List<object?[]>((int)n);
        for (var r = 0; r < n; r++) rows.Add([.. inputs.Select(t => Cell(t.Data.GetValue(r)))]);
        return new Table([.. inputs.Select(t => t.Name)], rows);
    }

    /// <summary>Values as the table converter takes them: numbers as double, text as string, bools as bool.</summary>
    private static object? Cell(object? v) => v switch
    {
        null => null,
        double d => double.IsNaN(d) ? null : d,
        float f => float.IsNaN(f) ? null : (double)f,
        long l => (double)l,
        int i => (double)i,
        bool b => b,
        string s => s,
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    private static string Show(object? v) => v is string s ? $"'{s}'" : Convert.ToString(v, CultureInfo.InvariantCulture) ?? "null";

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++) if (columns[i] == name) return i;
        return -1;
    }
}
