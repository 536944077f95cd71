using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Cli.Tracking;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Quickstart;

/// <summary>
/// <c>mlnb quickstart</c>: the main job on the embedded default. Opens (or creates) the workspace, trains a
/// classifier on breast_cancer.csv as a tracked run (params, per-epoch metrics, dataset input, model artifact)
/// and prints the run.
/// </summary>
internal sealed class QuickstartCommand : AsyncCommand<QuickstartCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("--data <CSV>")]
        [Description("Training data (default: data/breast_cancer.csv here, else the copy shipped with mlnb)")]
        public string? Data { get; init; }

        [CommandOption("--epochs <N>")]
        [DefaultValue(200)]
        public int Epochs { get; init; } = 200;

        [CommandOption("--lr <RATE>")]
        [DefaultValue(0.5)]
        public double LearningRate { get; init; } = 0.5;

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
        var data = BreastCancerData.Load(dataPath);
        var digest = await ContentStore.HashFileAsync(dataPath, ct).ConfigureAwait(false);

        // Seeded 80/20 split.
        var rng = new Random(s.Seed);
        var idx = Enumerable.Range(0, data.Labels.Length).OrderBy(_ => rng.Next()).ToArray();
        var cut = (int)(idx.Length * 0.8);
        double[][] Pick(IEnumerable<int> ii, out int[] y) { var l = ii.ToArray(); y = l.Select(i => data.Labels[i]).ToArray(); return l.Select(i => data.Features[i]).ToArray(); }
        var xTrain = Pick(idx[..cut], out var yTrain);
        var xVal = Pick(idx[cut..], out var yVal);

        var sw = Stopwatch.StartNew();
        await using var run = await ws.Tracking.StartRunAsync("quickstart", tags: new Dictionary<string, string>
        {
            [SystemTags.SourceName] = "mlnb quickstart",
            [SystemTags.SourceType] = "LOCAL",
        }, cancellationToken: ct).ConfigureAwait(false);
        run.LogParams(new Dictionary<string, object?>
        {
            ["model"] = "logistic_regression", ["optimizer"] = "gd", ["lr"] = s.LearningRate, ["epochs"] = s.Epochs,
            ["l2"] = 1e-3, ["seed"] = s.Seed, ["train_rows"] = xTrain.Length, ["val_rows"] = xVal.Length, ["features"] = data.Features[0].Length,
        });
        await run.LogInputAsync(new DatasetInput(Path.GetFileName(dataPath), digest, "local", Path.GetFullPath(dataPath), "training"), ct).ConfigureAwait(false);

        var model = new LogisticRegression();
        model.FitScaler(xTrain);
        for (var epoch = 0; epoch < s.Epochs; epoch++)
        {
            var loss = model.Step(xTrain, yTrain, s.LearningRate, 1e-3);
            run.LogMetric("train_loss", loss, epoch);
            if (epoch % 10 == 9 || epoch == s.Epochs - 1)
            {
                var (acc, ll, _) = model.Evaluate(xVal, yVal);
                run.LogMetric("val_accuracy", acc, epoch);
                run.LogMetric("val_loss", ll, epoch);
            }
        }
        var final = model.Evaluate(xVal, yVal);
        run.LogMetric("accuracy", final.Accuracy, s.Epochs);
        run.LogMetric("auc", final.Auc, s.Epochs);
        run.LogMetric("log_loss", final.LogLoss, s.Epochs);
        run.LogMetric("train_seconds", sw.Elapsed.TotalSeconds, s.Epochs);

        var modelJson = JsonSerializer.SerializeToUtf8Bytes(new { kind = "logistic_regression", weights = model.Weights, bias = model.Bias });
        await ws.Tracking.LogArtifactBytesAsync(run.RunId, "model/model.json", modelJson, ct).ConfigureAwait(false);
        await run.EndAsync(RunStatus.Finished, ct).ConfigureAwait(false);

        var stored = await ws.Tracking.GetRunAsync(run.RunId, ct).ConfigureAwait(false);
        RunTables.WriteRun(stored);
        Console.WriteLine($"Tracking store: {ws.TrackingUri}");
        Console.WriteLine($"Next: mlnb runs show {run.RunId} · mlnb runs history {run.RunId} --metric train_loss · mlnb runs search -e quickstart -o \"metrics.auc DESC\"");
        return 0;
    }

    private static string FindData()
    {
        foreach (var candidate in new[] { Path.Combine("data", "breast_cancer.csv"), Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv") })
            if (File.Exists(candidate)) return candidate;
        throw MlnbException.NotFound("breast_cancer.csv was not found in ./data or next to mlnb; pass --data PATH");
    }
}
