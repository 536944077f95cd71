using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNotebooks.Tracking;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Torch;

namespace MlNotebooks.Training.MlNet;

/// <summary>
/// ML.NET trainers (SDCA, FastTree, LightGbm) on tabular data through the same tracked run as TorchSharp:
/// params, validation metrics, and an ONNX export (Microsoft.ML.OnnxConverter) checked against ML.NET's own output
/// in ONNX Runtime. Data with text columns or missing values trains on the same features as TorchSharp (one-hot with an
/// unknown bucket, training medians and missing indicators), and the export puts that featurization in front of
/// ML.NET's graph (<see cref="OnnxMerge"/>), so the model takes raw columns. <c>Epochs</c> is the SDCA iteration count or the number of boosting rounds; <c>LearningRate</c>
/// is the boosting learning rate.
/// </summary>
public static class MlNetTrainer
{
    /// <summary>The trainer names.</summary>
    public static readonly IReadOnlyList<string> Names = ["sdca", "fasttree", "lightgbm"];

    private sealed class FeaturesRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Row<TLabel>
    {
        public float[] Features { get; set; } = [];

        public TLabel Label { get; set; } = default!;
    }

    internal static async Task<JobResult> RunAsync(ActiveRun run, string trainer, TabularData train, TabularData val, TorchTrainerOptions o, bool export, CancellationToken ct)
    {
        trainer = trainer.ToLowerInvariant();
        if (!Names.Contains(trainer)) throw MlnbException.Invalid($"ML.NET trainer '{trainer}' is not known; use {string.Join(", ", Names)}");
        var task = train.Classes switch { 0 => "regression", 2 => "binary", _ => "multiclass" };
        if (trainer == "fasttree" && task == "multiclass") throw MlnbException.Invalid("fasttree has no multiclass trainer in ML.NET; use sdca or lightgbm for more than two classes");
        var ml = new MLContext(o.Seed);
        var trainView = Prepare(ml, train, task);
        var valView = Prepare(ml, val, task);
        var rounds = o.Epochs;
        IEstimator<ITransformer> estimator = (trainer, task) switch
        {
            ("sdca", "binary") => ml.Transforms.NormalizeMeanVariance("Features").Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: rounds)),
            ("sdca", "multiclass") => ml.Transforms.NormalizeMeanVariance("Features").Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: rounds)),
            ("sdca", _) => ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: rounds)),
            ("fasttree", "binary") => ml.BinaryClassification.Trainers.FastTree(numberOfTrees: rounds, learningRate: o.LearningRate),
            ("fasttree", _) => ml.Regression.Trainers.FastTree(numberOfTrees: rounds, learningRate: o.LearningRate),
            ("lightgbm", "binary") => ml.BinaryClassification.Trainers.LightGbm(numberOfIterations: rounds, learningRate: o.LearningRate),
            ("lightgbm", "multiclass") => ml.MulticlassClassification.Trainers.LightGbm(numberOfIterations: rounds, learningRate: o.LearningRate),
            _ => ml.Regression.Trainers.LightGbm(numberOfIterations: rounds, learningRate: o.LearningRate),
        };
        run.LogParams(new Dictionary<string, object?>
        {
            ["framework"] = "mlnet", ["trainer"] = trainer, ["task"] = task, ["iterations"] = rounds, ["lr"] = trainer == "sdca" ? "auto" : o.LearningRate,
            ["seed"] = o.Seed, ["device"] = "cpu", ["train_rows"] = train.Rows, ["val_rows"] = val.Rows, ["features"] = train.Columns,
        });
        var model = await Task.Run(() => estimator.Fit(trainView), ct).ConfigureAwait(false);
        var scored = model.Transform(valView);
        var metrics = Evaluate(ml, scored, task);
        foreach (var (k, v) in metrics) run.LogMetric(k, v);
        string? onnxPath = null;
        double? diff = null;
        if (export)
        {
            using var ms = new MemoryStream();
            ml.Model.ConvertToOnnx(model, FeaturesOnly(ml, train), ms);
            var onnx = ms.ToArray();
            // Data with text or missing values: our featurization goes in front of ML.NET's graph, so it takes raw columns.
            if (train.Schema is { } schema) onnx = OnnxMerge.Prepend(onnx, schema, "Features");
            var column = task == "binary" ? "Probability" : "Score";
            var expected = Flatten(scored, column, task);
            diff = OnnxVerifier.Verify(onnx, val, expected, column + ".output");
            metrics["onnx_max_abs_diff"] = diff.Value;
            run.LogMetric("onnx_max_abs_diff", diff.Value);
            var signature = Signature(onnx, column + ".output", task, train.Classes) with { Columns = train.Schema?.Columns, ClassNames = train.ClassNames };
            onnxPath = await ModelPackage.LogAsync(run, onnx, signature, ct).ConfigureAwait(false);
        }
        return new JobResult(run.RunId, metrics, onnxPath, diff, null);
    }

    /// <summary>
    /// The data with the label already in the trainer's type (bool, key or float): a transform here would be part of the
    /// data's chain and end up in the exported ONNX graph, which must need Features only.
    /// </summary>
    private static IDataView Prepare(MLContext ml, TabularData data, string task) => task switch
    {
        "binary" => Load(ml, data, v => v != 0, null),
        "multiclass" => Load(ml, data, v => (uint)v + 1, new KeyDataViewType(typeof(uint), data.Classes)),
        _ => Load(ml, data, v => v, null),
    };

    private static IDataView Load<TLabel>(MLContext ml, TabularData data, Func<float, TLabel> label, DataViewType? labelType)
    {
        var rows = Enumerable.Range(0, data.Rows).Select(i => new Row<TLabel> { Features = data.Row(i).ToArray(), Label = label(data.Labels[i]) }).ToList();
        var schema = SchemaDefinition.Create(typeof(Row<TLabel>));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Columns);
        if (labelType is not null) schema["Label"].ColumnType = labelType;
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static IDataView FeaturesOnly(MLContext ml, TabularData data)
    {
        var schema = SchemaDefinition.Create(typeof(FeaturesRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Columns);
        return ml.Data.LoadFromEnumerable([new FeaturesRow { Features = data.Row(0).ToArray() }], schema);
    }

    private static Dictionary<string, double> Evaluate(MLContext ml, IDataView scored, string task)
    {
        switch (task)
        {
            case "binary":
                var b = ml.BinaryClassification.Evaluate(scored);
                return new() { ["val_accuracy"] = b.Accuracy, ["val_auc"] = b.AreaUnderRocCurve, ["val_f1"] = b.F1Score, ["val_log_loss"] = b.LogLoss };
            case "multiclass":
                var m = ml.MulticlassClassification.Evaluate(scored);
                return new() { ["val_accuracy"] = m.MicroAccuracy, ["val_macro_accuracy"] = m.MacroAccuracy, ["val_log_loss"] = m.LogLoss };
            default:
                var r = ml.Regression.Evaluate(scored);
                return new() { ["val_rmse"] = r.RootMeanSquaredError, ["val_mae"] = r.MeanAbsoluteError, ["val_r2"] = r.RSquared };
        }
    }

    private static float[] Flatten(IDataView scored, string column, string task) =>
        task == "multiclass"
            ? scored.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray()
            : scored.GetColumn<float>(column).ToArray();

    private static ModelSignature Signature(byte[] onnx, string output, string task, int classes)
    {
        using var session = new InferenceSession(onnx);
        static TensorSpec Spec(string name, NodeMetadata m) => new(name, m.ElementDataType switch
        {
            TensorElementType.Float => "float32",
            TensorElementType.Int64 => "int64",
            TensorElementType.Bool => "bool",
            TensorElementType.String => "string",
            TensorElementType.UInt32 => "uint32",
            var t => t.ToString().ToLowerInvariant(),
        }, m.Dimensions.Select(d => (long)d).ToArray());
        return new ModelSignature(
            session.InputMetadata.Select(kv => Spec(kv.Key, kv.Value)).ToArray(),
            session.OutputMetadata.Where(kv => kv.Key == output).Select(kv => Spec(kv.Key, kv.Value)).ToArray(),
            "mlnet", task == "regression" ? "regression" : "classification", classes);
    }
}
