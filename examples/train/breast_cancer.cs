// A training definition for `mlnb train examples/train/breast_cancer.cs` (a C# script; `Params`, `P<T>()`, `Data()`
// and `Device` come from MlNotebooks.Training.Definitions.TrainingContext). It returns the job to run as a tracked run.
using static TorchSharp.torch.nn;

var data = Data("data/breast_cancer.csv");
var hidden = P("hidden", 32);
return new TrainingJob
{
    Data = data,
    Model = () => Sequential(
        ("fc1", Linear(data.Columns, hidden)), ("bn", BatchNorm1d(hidden)), ("act", GELU()), ("drop", Dropout(P("dropout", 0.1))),
        ("out", Linear(hidden, data.Classes))),
    Options = new TorchTrainerOptions { Epochs = 10, BatchSize = 32, LearningRate = 3e-3, Schedule = "cosine", ClipNorm = 1.0, Patience = 4, CheckpointEvery = 2 },
};
