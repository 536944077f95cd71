using MlNotebooks.Training.Data;
using MlNotebooks.Training.Torch;
using static TorchSharp.torch;

namespace MlNotebooks.Training;

/// <summary>
/// A training definition: what <c>mlnb train</c>, a sweep trial and (later) the <c>#!train</c> magic run. Either a
/// TorchSharp model factory with trainer options, or an ML.NET trainer name.
/// </summary>
public sealed record TrainingJob
{
    /// <summary>The data; split into train/validation with <see cref="ValidationFraction"/> and the options' seed.</summary>
    public required TabularData Data { get; init; }

    /// <summary>Where the data came from (logged as the run's dataset input), if a file.</summary>
    public string? DataPath { get; init; }

    /// <summary>Builds the model (called after the seed is set, so weights are reproducible). Null for ML.NET jobs.</summary>
    public Func<nn.Module<Tensor, Tensor>>? Model { get; init; }

    /// <summary>An ML.NET trainer (<c>sdca</c>, <c>fasttree</c>, <c>lightgbm</c>) instead of a TorchSharp model.</summary>
    public string? MlNetTrainer { get; init; }

    /// <summary>Trainer options (epochs, lr, device, ...). ML.NET jobs use Seed and, for SDCA/LightGbm, Epochs as iterations.</summary>
    public TorchTrainerOptions Options { get; init; } = new();

    /// <summary>Fraction of rows held out for validation and the ONNX check.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Export to ONNX, check it against the framework and log it under <c>model/</c>.</summary>
    public bool ExportOnnx { get; init; } = true;

    /// <summary>Called after a TorchSharp fit, while the run is open: extra evaluation, metrics or artifacts.</summary>
    public Func<TrainedModel, Task>? AfterFit { get; init; }

    /// <summary>Extra params to log (e.g. the sweep's or --param values the definition used).</summary>
    public IReadOnlyDictionary<string, string> ExtraParams { get; init; } = new Dictionary<string, string>();
}

/// <summary>A fitted TorchSharp model handed to <see cref="TrainingJob.AfterFit"/>.</summary>
/// <param name="Run">The open run.</param>
/// <param name="Model">The trained module (in eval mode).</param>
/// <param name="Validation">The validation rows (raw features).</param>
/// <param name="Result">The fit's summary, including the standardizer the model expects.</param>
/// <param name="InputShape">The per-sample input shape, when not a flat vector.</param>
public sealed record TrainedModel(MlNotebooks.Tracking.ActiveRun Run, nn.Module<Tensor, Tensor> Model, TabularData Validation, TrainingResult Result, IReadOnlyList<long>? InputShape)
{
    /// <summary>The model's outputs on the validation rows (class probabilities for classification), row-major.</summary>
    public float[] PredictValidation() => TorchPredictor.Predict(Model, Validation, Result.Standardizer, InputShape, softmax: Validation.Classes > 0);
}

/// <summary>Where a job's run goes.</summary>
/// <param name="Experiment">Experiment name (created when missing).</param>
/// <param name="RunName">Run name, or a generated one.</param>
/// <param name="ParentRunId">The sweep's parent run, for nested runs.</param>
/// <param name="Source">What started it (the <c>mlflow.source.name</c> tag).</param>
/// <param name="Started">Told the run id as soon as the run exists (a front end that may be stopped can then end it KILLED).</param>
public sealed record RunTarget(string? Experiment = null, string? RunName = null, string? ParentRunId = null, string Source = "mlnb train", Action<string>? Started = null);

/// <summary>A finished job.</summary>
/// <param name="RunId">The tracked run.</param>
/// <param name="Metrics">Final metrics (also logged).</param>
/// <param name="OnnxArtifact">The artifact path of model.onnx, when exported.</param>
/// <param name="OnnxMaxAbsDiff">Largest |ONNX Runtime − framework| on the validation rows.</param>
/// <param name="Training">The TorchSharp fit, for TorchSharp jobs.</param>
public sealed record JobResult(string RunId, IReadOnlyDictionary<string, double> Metrics, string? OnnxArtifact, double? OnnxMaxAbsDiff, TrainingResult? Training);
