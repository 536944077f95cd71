using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Cli.Tracking;
using MlNotebooks.Serving;
using MlNotebooks.Training;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Torch;
using Spectre.Console.Cli;
using static TorchSharp.torch.nn;

namespace MlNotebooks.Cli.Quickstart;

/// <summary>
/// <c>mlnb quickstart</c>: the main job on the embedded default. Opens (or creates) the workspace, trains a
/// classifier on breast_cancer.csv through the TorchSharp trainer as a tracked run (params, step and epoch metrics,
/// dataset input), exports it to ONNX checked in ONNX Runtime (model/model.onnx + signature) and prints the run.
/// </summary>
internal sealed class QuickstartCommand : AsyncCommand<QuickstartCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--data <CSV>")]
        [Description("Training data (default: data/breast_cancer.csv here, else the copy shipped with mlnb)")]
        public string? Data { get; init; }

        [CommandOption("--epochs <N>")]
        [DefaultValue(20)]
        public int Epochs { get; init; } = 20;

        [CommandOption("--lr <RATE>")]
        [DefaultValue(0.01)]
        public double LearningRate { get; init; } = 0.01;

        [CommandOption("--seed <SEED>")]
        [DefaultValue(42)]
        public int Seed { get; init; } = 42;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        if (s.Epochs < 1) throw MlnbException.Invalid("--epochs must be at least 1");
        if (s.TrackingUri is null && Environment.GetEnvironmentVariable(Workspace.TrackingUriVariable) is null && Workspace.FindRoot(".") is null)
        {
            await using var created = await Workspace.InitAsync(".", ct).ConfigureAwait(false);
            Console.WriteLine($"Initialized MlNotebooks workspace in {Path.Combine(created.Root!, Workspace.FolderName)}");
        }
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = s.TrackingUri }, ct).ConfigureAwait(false);
        var dataPath = s.Data ?? FindData();
        BreastCancerData.Load(dataPath); // checks the sklearn format and says how to fix it
        var data = TabularData.LoadCsv(dataPath);

        // A logistic regression (one Linear layer on standardized features, softmax over the two classes) trained by
        // our TorchSharp trainer with seeded minibatches, then exported to ONNX and checked in ONNX Runtime.
        var job = new TrainingJob
        {
            Data = data,
            DataPath = dataPath,
            Model = () => Sequential(("linear", Linear(data.Columns, 2))),
            Options = new TorchTrainerOptions { Epochs = s.Epochs, BatchSize = 64, LearningRate = s.LearningRate, Optimizer = "adam", WeightDecay = 1e-3, Seed = s.Seed, Device = "cpu", CheckpointEvery = 0 },
            ExtraParams = new Dictionary<string, string> { ["model"] = "logistic_regression" },
            AfterFit = trained =>
            {
                var p = trained.PredictValidation();
                var p1 = Enumerable.Range(0, trained.Validation.Rows).Select(i => (double)p[2 * i + 1]).ToArray();
                var y = trained.Validation.Labels.Select(l => (int)l).ToArray();
                var epochs = trained.Result.EpochsRun;
                trained.Run.LogMetric("accuracy", p1.Zip(y, (q, l) => (q >= 0.5 ? 1 : 0) == l ? 1.0 : 0.0).Average(), epochs);
                trained.Run.LogMetric("auc", ClassificationMetrics.Auc(p1, y), epochs);
                trained.Run.LogMetric("log_loss", ClassificationMetrics.LogLoss(p1, y), epochs);
                return Task.CompletedTask;
            },
        };
        var result = await new TrainingRunner(ws.Tracking).RunAsync(job, new RunTarget("quickstart", Source: "mlnb quickstart"), cancellationToken: ct).ConfigureAwait(false);

        var stored = await ws.Tracking.GetRunAsync(result.RunId, ct).ConfigureAwait(false);
        RunTables.WriteRun(stored);
        Console.WriteLine($"Model: {result.OnnxArtifact} (+ signature.json, MLmodel); ONNX Runtime matches TorchSharp within {result.OnnxMaxAbsDiff:G3}");

        // Register the model, promote it to production through its gates, serve models:/breast-cancer@production on
        // 127.0.0.1 and ask it about two rows over the Open Inference Protocol v2.
        var rows = Enumerable.Range(0, 2).Select(i => data.Row(i).ToArray()).ToList();
        var served = await ServingQuickstart.RegisterPromoteServeQueryAsync(ws, result.RunId, result.OnnxArtifact!, "breast-cancer", rows, ct).ConfigureAwait(false);
        Console.WriteLine($"Registered models:/breast-cancer/{served.Version.Version}, promoted to @production, served at {served.ServerUrl}");
        Console.WriteLine($"POST {served.InferUrl.AbsolutePath}  (2 rows; labels {data.Labels[0]:0}, {data.Labels[1]:0})");
        Console.WriteLine(served.ResponseJson);
        Console.WriteLine($"Tracking store: {ws.TrackingUri}");
        Console.WriteLine($"Next: mlnb runs show {result.RunId} · mlnb runs history {result.RunId} --metric train_loss · mlnb runs search -e quickstart -o \"metrics.auc DESC\"");
        return 0;
    }

    private static string FindData()
    {
        foreach (var candidate in new[] { Path.Combine("data", "breast_cancer.csv"), Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv") })
            if (File.Exists(candidate)) return candidate;
        throw MlnbException.NotFound("breast_cancer.csv was not found in ./data or next to mlnb; pass --data PATH");
    }
}
