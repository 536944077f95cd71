using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNotebooks.Serving.Tests.Support;

/// <summary>
/// Trains a logistic regression on data/breast_cancer.csv with ML.NET and exports it to ONNX with
/// Microsoft.ML.OnnxConverter (the stand-in for the training project's export until it lands).
/// </summary>
public static class BreastCancerOnnx
{
    public static readonly string[] FeatureNames =
    [
        "mean_radius", "mean_texture", "mean_perimeter", "mean_area", "mean_smoothness", "mean_compactness", "mean_concavity", "mean_concave_points",
        "mean_symmetry", "mean_fractal_dimension", "radius_error", "texture_error", "perimeter_error", "area_error", "smoothness_error",
        "compactness_error", "concavity_error", "concave_points_error", "symmetry_error", "fractal_dimension_error", "worst_radius", "worst_texture",
        "worst_perimeter", "worst_area", "worst_smoothness", "worst_compactness", "worst_concavity", "worst_concave_points", "worst_symmetry",
        "worst_fractal_dimension",
    ];

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class FeaturesOnly
    {
        public float[] Features { get; set; } = [];
    }

    public static (float[][] X, bool[] Y) Load(string path)
    {
        var lines = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).ToList();
        var x = lines.Select(l => l.Split(',')[..30].Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        var y = lines.Select(l => l.Split(',')[30] == "1").ToArray();
        return (x, y);
    }

    /// <summary>Writes <paramref name="onnxPath"/>; returns the training AUC. Uses the first <paramref name="features"/> columns.</summary>
    public static double Train(string csvPath, string onnxPath, int features = 30, int iterations = 30)
    {
        var (x, y) = Load(csvPath);
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var data = ml.Data.LoadFromEnumerable(x.Select((r, i) => new Row { Features = r[..features], Label = y[i] }), schema);
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: iterations));
        var model = pipeline.Fit(data);
        var auc = ml.BinaryClassification.Evaluate(model.Transform(data)).AreaUnderRocCurve;
        var inputSchema = SchemaDefinition.Create(typeof(FeaturesOnly));
        inputSchema[nameof(FeaturesOnly.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        var input = ml.Data.LoadFromEnumerable([new FeaturesOnly { Features = new float[features] }], inputSchema);
        Directory.CreateDirectory(Path.GetDirectoryName(onnxPath)!);
        using (var stream = File.Create(onnxPath)) ml.Model.ConvertToOnnx(model, input, stream);
        return auc;
    }
}
