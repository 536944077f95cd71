using MlNotebooks.Registry;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Serving.Tests.Support;

/// <summary>The ONNX models every serving test uses, trained once per test run.</summary>
public sealed class TrainedModels : IDisposable
{
    private readonly TempDir _dir = new();

    public TrainedModels()
    {
        Csv = Path.GetFullPath("data/breast_cancer.csv");
        Good = _dir.File("good/model.onnx");
        GoodAuc = BreastCancerOnnx.Train(Csv, Good, iterations: 30);
        Other = _dir.File("other/model.onnx");
        OtherAuc = BreastCancerOnnx.Train(Csv, Other, iterations: 3);
        Narrow = _dir.File("narrow/model.onnx");
        BreastCancerOnnx.Train(Csv, Narrow, features: 10);
    }

    public string Csv { get; }

    /// <summary>30 features, well trained.</summary>
    public string Good { get; }

    public double GoodAuc { get; }

    /// <summary>30 features, barely trained: other weights, other bytes.</summary>
    public string Other { get; }

    public double OtherAuc { get; }

    /// <summary>10 features: fails every request shaped for the others.</summary>
    public string Narrow { get; }

    /// <summary>The signature logged beside model.onnx: named feature columns, and the two outputs callers want.</summary>
    public static string SignatureJson(int features = 30) => PackageJson.ToJson(new ModelSignature(
        [new TensorSpec("Features", "FP32", [-1, features], BreastCancerOnnx.FeatureNames[..features])],
        [new TensorSpec("PredictedLabel.output", "BOOL", [-1, 1]), new TensorSpec("Probability.output", "FP32", [-1, 1])])).ToJsonString();

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ServingCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "serving";
}
