namespace MlNotebooks.Training.Torch;

/// <summary>How <see cref="TorchTrainer"/> fits a model. Defaults suit small tabular data on a CPU.</summary>
public sealed record TorchTrainerOptions
{
    /// <summary>Epochs to run (in total, counting epochs done before a resume).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary><c>adam</c>, <c>adamw</c> or <c>sgd</c> (momentum 0.9).</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>LR schedule stepped once per epoch: <c>none</c>, <c>step</c> (×0.5 every <see cref="StepEpochs"/>) or <c>cosine</c>.</summary>
    public string Schedule { get; init; } = "none";

    /// <summary>Epochs between halvings for the <c>step</c> schedule.</summary>
    public int StepEpochs { get; init; } = 10;

    /// <summary>Clip the global gradient norm to this value (none when null).</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Stop when validation loss has not improved by <see cref="MinDelta"/> for this many epochs (never when null).</summary>
    public int? Patience { get; init; }

    /// <summary>Improvement that resets the early-stopping counter.</summary>
    public double MinDelta { get; init; }

    /// <summary>Save a checkpoint artifact every N epochs (and after the last); none when 0.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>Seed for weights, shuffling and splits.</summary>
    public int Seed { get; init; } = 42;

    /// <summary><c>auto</c> (CUDA when available), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Log the training loss every N steps (1 = every step).</summary>
    public int LogEverySteps { get; init; } = 1;

    /// <summary>Standardize features with a scaler fitted on the training rows (exported with the model).</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>The shape of one sample the model takes (e.g. [1, 8, 8] for an image CNN); null = a flat feature vector.</summary>
    public IReadOnlyList<long>? InputShape { get; init; }

    /// <summary>A run id whose last checkpoint to resume from (its weights, optimizer state and epoch).</summary>
    public string? ResumeFromRunId { get; init; }

    /// <summary>
    /// <c>float32</c>, or <c>bf16</c>: forward and backward in bfloat16 by explicit casting (the model and the inputs
    /// cast, the loss computed on float32 logits), with float32 master weights that the optimizer updates from the
    /// bfloat16 gradients. Checkpoints and the exported model hold the float32 weights; resuming is float32 only.
    /// </summary>
    public string Dtype { get; init; } = "float32";

    /// <summary>Checks the values; throws with the fix.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw MlnbException.Invalid("--epochs must be at least 1");
        if (BatchSize < 1) throw MlnbException.Invalid("--batch-size must be at least 1");
        if (LearningRate is <= 0 or double.NaN) throw MlnbException.Invalid($"--lr must be positive, not {LearningRate}");
        if (Optimizer is not ("adam" or "adamw" or "sgd")) throw MlnbException.Invalid($"optimizer '{Optimizer}' is not known; use adam, adamw or sgd");
        if (Schedule is not ("none" or "step" or "cosine")) throw MlnbException.Invalid($"schedule '{Schedule}' is not known; use none, step or cosine");
        if (CheckpointEvery < 0) throw MlnbException.Invalid("--checkpoint-every must be 0 (never) or more");
        if (LogEverySteps < 1) throw MlnbException.Invalid("log-every-steps must be at least 1");
        if (ClipNorm is <= 0) throw MlnbException.Invalid("--clip-norm must be positive");
        if (Dtype is not ("float32" or "bf16")) throw MlnbException.Invalid($"--dtype must be float32 or bf16, not '{Dtype}'");
        if (Dtype == "bf16" && ResumeFromRunId is not null) throw MlnbException.Invalid("--resume trains in float32 only; drop --dtype bf16 to resume");
    }
}
