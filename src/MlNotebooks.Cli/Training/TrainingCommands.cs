using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Training;

/// <summary>Registers the training verbs.</summary>
internal static class TrainingCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<TrainCommand>("train").WithDescription("Train a definition (built-in or a C# file) as a tracked run; exports a checked ONNX model.")
            .WithExample("train", "mlp", "--epochs", "20", "-p", "hidden=64")
            .WithExample("train", "cnn", "--data", "data/digits.csv.gz", "--device", "cpu")
            .WithExample("train", "examples/train/breast_cancer.cs", "--resume", "RUN_ID");
        config.AddCommand<SweepCommand>("sweep").WithDescription("Grid or random search: trials in parallel processes, nested under a parent run.")
            .WithExample("sweep", "mlp", "--grid", "lr=0.01,0.003", "--grid", "hidden=16,64", "--max-parallel", "2")
            .WithExample("sweep", "mlp", "--random", "lr=log:1e-4:1e-1", "--trials", "8");
    }
}
