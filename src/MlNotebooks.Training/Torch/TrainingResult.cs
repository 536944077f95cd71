using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Torch;

/// <summary>What a fit did: epochs run, the final and best validation figures, and why it stopped.</summary>
public sealed record TrainingResult(
    int EpochsRun,
    long Steps,
    double FinalTrainLoss,
    double FinalValidationLoss,
    double? FinalValidationAccuracy,
    double BestValidationLoss,
    int BestEpoch,
    bool StoppedEarly,
    string Device,
    Standardizer? Standardizer,
    string? LastCheckpoint);

/// <summary>One finished epoch, reported to a progress callback (terminal, notebook chart).</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, double? ValidationAccuracy, double LearningRate, double Seconds)
{
    /// <summary>Root mean squared error on the validation rows (regression).</summary>
    public double? ValidationRmse { get; init; }

    /// <summary>R² on the validation rows (regression).</summary>
    public double? ValidationR2 { get; init; }
}
