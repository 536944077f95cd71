using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Cli.Tracking;
using MlNotebooks.Data;
using MlNotebooks.Training;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Definitions;
using MlNotebooks.Training.Torch;

namespace MlNotebooks.Cli.Training;

/// <summary><c>mlnb train</c>: runs a training definition as a tracked run, with per-epoch progress in the terminal.</summary>
internal sealed class TrainCommand : WorkspaceCommand<TrainCommandSettings>
{
    protected override async Task<int> RunAsync(Workspace workspace, TrainCommandSettings s, CancellationToken ct)
    {
        var job = await TrainJobs.BuildAsync(s, ct).ConfigureAwait(false);
        job = job with { Options = job.Options with { ResumeFromRunId = s.Resume ?? job.Options.ResumeFromRunId }, ExportOnnx = !s.NoOnnx && job.ExportOnnx };
        if (s.Progress is not ("text" or "jsonl")) throw MlnbException.Invalid($"--progress must be text or jsonl, not '{s.Progress}'");
        var jsonl = s.Progress == "jsonl";
        IProgress<EpochReport>? progress = jsonl ? new InlineProgress(r => ProgressLines.Write(ProgressLines.Epoch(r)))
            : s.Quiet ? null : new InlineProgress(r => Console.WriteLine(
            $"epoch {r.Epoch + 1}/{r.Epochs}  train_loss {Render.Number(r.TrainLoss)}  val_loss {Render.Number(r.ValidationLoss)}" +
            (r.ValidationAccuracy is { } a ? $"  val_accuracy {Render.Number(a)}" : "") +
            (r.ValidationRmse is { } rmse ? $"  val_rmse {Render.Number(rmse)}  val_r2 {Render.Number(r.ValidationR2 ?? double.NaN)}" : "") + $"  lr {Render.Number(r.LearningRate)}  {r.Seconds:0.00}s"));
        if (!jsonl && !s.Quiet && job.Data.TaskRule is { } rule) Console.WriteLine($"task: {rule}");
        var runner = new TrainingRunner(workspace.Tracking, workspace.Root is null ? null : workspace.Data);
        var result = await runner.RunAsync(job, new RunTarget(s.Experiment, s.RunName, s.ParentRun, $"mlnb train {s.Definition}", jsonl ? id => ProgressLines.Write(ProgressLines.Started(id)) : null), progress, ct).ConfigureAwait(false);
        if (jsonl)
        {
            ProgressLines.Write(ProgressLines.Result(result));
            return 0;
        }
        if (s.Quiet)
        {
            Console.WriteLine(result.RunId);
            return 0;
        }
        RunTables.WriteRun(await workspace.Tracking.GetRunAsync(result.RunId, ct).ConfigureAwait(false));
        if (result.OnnxArtifact is not null)
            Console.WriteLine($"Model: {result.OnnxArtifact} (+ signature.json, MLmodel); ONNX Runtime matches the trained model within {Render.Number(result.OnnxMaxAbsDiff ?? 0)}");
        Console.WriteLine($"Next: mlnb runs history {result.RunId} --metric val_loss · mlnb artifacts get --run {result.RunId} --path model");
        return 0;
    }

    private sealed class InlineProgress(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}

/// <summary>Builds a job from the shared train options (the definition, then --param, then explicit flags).</summary>
internal static class TrainJobs
{
    public static async Task<TrainingJob> BuildAsync(TrainSettings s, CancellationToken ct, IReadOnlyDictionary<string, string>? extra = null)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in s.Params)
        {
            var (k, v) = KeyValues.Parse(p, "--param");
            parameters[k] = v;
        }
        if (extra is not null) foreach (var (k, v) in extra) parameters[k] = v;
        var data = s.Data ?? DefaultData();
        var tabular = new TabularOptions
        {
            Label = s.Label,
            Task = s.Task,
            Features = s.Features?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        tabular.Validate();
        var job = await TrainingDefinitions.LoadAsync(s.Definition, new TrainingContext(parameters, data, s.Device ?? "auto", tabular), ct).ConfigureAwait(false);
        var o = job.Options;
        o = o with
        {
            Device = s.Device ?? o.Device,
            Dtype = s.Dtype ?? o.Dtype,
            Epochs = s.Epochs ?? o.Epochs,
            BatchSize = s.BatchSize ?? o.BatchSize,
            LearningRate = s.LearningRate ?? o.LearningRate,
            Seed = s.Seed ?? o.Seed,
            CheckpointEvery = s.CheckpointEvery ?? o.CheckpointEvery,
        };
        return job with { Options = o, ExtraParams = parameters.Where(kv => !IsTrainerParam(kv.Key)).ToDictionary(kv => "param." + kv.Key, kv => kv.Value) };
    }

    private static bool IsTrainerParam(string key) => key is "lr" or "epochs" or "batch_size" or "optimizer" or "schedule" or "weight_decay" or "clip_norm" or "patience" or "seed" or "checkpoint_every";

    internal static string DefaultData()
    {
        foreach (var candidate in new[] { Path.Combine("data", "breast_cancer.csv"), Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv") })
            if (File.Exists(candidate)) return candidate;
        throw MlnbException.NotFound("no --data given and data/breast_cancer.csv was not found here or next to mlnb; pass --data PATH");
    }
}
