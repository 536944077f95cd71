using System.Globalization;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNotebooks.Features.Tests.Serving;

/// <summary>
/// A regression model on [conv_rate, trips, distance]: conv_rate and trips come from the feature store's point-in-time
/// training set, distance is a request-time column. Missing values are imputed by the model (mean), so an entity the
/// online store does not know still gets an answer.
/// </summary>
internal static class FeatureModel
{
    public static readonly string[] Columns = ["conv_rate", "trips", "distance"];

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class FeaturesOnly
    {
        public float[] Features { get; set; } = [];
    }

    public static float ToFloat(object? v) => v is null ? float.NaN : Convert.ToSingle(v, CultureInfo.InvariantCulture);

    /// <summary>Trains on the training set's rows (label, distance and the joined features) and writes the ONNX file.</summary>
    public static void Train(DataFrame training, string onnxPath, string[]? columns = null)
    {
        columns ??= Columns;
        var rows = new List<Row>();
        for (long r = 0; r < training.Rows.Count; r++)
            rows.Add(new Row { Features = [.. columns.Select(c => ToFloat(training[c][r]))], Label = ToFloat(training["label"][r]) });
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columns.Length);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var pipeline = ml.Transforms.ReplaceMissingValues("Features", replacementMode: Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean)
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.Regression.Trainers.Sdca(l2Regularization: 0.01f, maximumNumberOfIterations: 50));
        var model = pipeline.Fit(data);
        var inputSchema = SchemaDefinition.Create(typeof(FeaturesOnly));
        inputSchema[nameof(FeaturesOnly.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columns.Length);
        var input = ml.Data.LoadFromEnumerable([new FeaturesOnly { Features = new float[columns.Length] }], inputSchema);
        Directory.CreateDirectory(Path.GetDirectoryName(onnxPath)!);
        using var stream = File.Create(onnxPath);
        ml.Model.ConvertToOnnx(model, input, stream);
    }

    /// <summary>The model's answers computed in this process with ONNX Runtime, from given feature rows.</summary>
    public static float[] Predict(string onnxPath, float[][] rows)
    {
        using var session = new InferenceSession(onnxPath);
        var tensor = new DenseTensor<float>(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", tensor)], ["Score.output"]);
        return [.. results.First().AsEnumerable<float>()];
    }

    /// <summary>Two features, no column names: what a trainer that records none writes.</summary>
    public static string UnnamedSignatureJson() => """
        {"inputs": [{"name": "Features", "datatype": "FP32", "shape": [-1, 2]}], "outputs": [{"name": "Score.output", "datatype": "FP32", "shape": [-1, 1]}]}
        """;

    public static string SignatureJson() => """
        {"inputs": [{"name": "Features", "datatype": "FP32", "shape": [-1, 3], "columns": ["conv_rate", "trips", "distance"]}],
         "outputs": [{"name": "Score.output", "datatype": "FP32", "shape": [-1, 1]}]}
        """;
}
