using System.Diagnostics;
using MlNotebooks.Data;
using MlNotebooks.Storage;
using MlNotebooks.Tracking;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.MlNet;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Torch;
using static TorchSharp.torch;

namespace MlNotebooks.Training;

/// <summary>
/// Runs a <see cref="TrainingJob"/> as one tracked run: params, dataset input, fit, metrics, ONNX model. A failure ends
/// the run FAILED. With <paramref name="data"/>, a data file tracked by data versioning (a <c>.dvc</c> pointer) whose
/// content is the tracked version is recorded as that version (source type <c>dvc</c>), so lineage links data → run.
/// </summary>
public sealed class TrainingRunner(TrackingClient client, DataClient? data = null)
{
    /// <summary>Runs the job; returns the run id and final metrics.</summary>
    public async Task<JobResult> RunAsync(TrainingJob job, RunTarget target, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        if (job.Model is null == job.MlNetTrainer is null)
            throw MlnbException.Invalid("a training job needs either a TorchSharp model or an ML.NET trainer name");
        job.Options.Validate();
        await using var run = await client.StartRunAsync(target.Experiment, target.RunName, target.ParentRunId, new Dictionary<string, string>
        {
            [SystemTags.SourceName] = target.Source,
            [SystemTags.SourceType] = "LOCAL",
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        target.Started?.Invoke(run.RunId);
        try
        {
            var result = await RunInsideAsync(run, job, progress, cancellationToken).ConfigureAwait(false);
            await run.EndAsync(RunStatus.Finished, cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception e)
        {
            if (!run.IsEnded)
            {
                try { run.SetTag("mlnb.error", e.Message.Length > 5000 ? e.Message[..5000] : e.Message); } catch (Exception) { /* the store failure is the one to report */ }
                await run.EndAsync(e is OperationCanceledException ? RunStatus.Killed : RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            }
            throw;
        }
    }

    /// <summary>The md5 data versioning records for <paramref name="path"/>, or null when it is not tracked (or outside the project).</summary>
    private string? TrackedVersion(string path)
    {
        if (data is null || Path.GetRelativePath(data.Root, Path.GetFullPath(path)).StartsWith("..", StringComparison.Ordinal)) return null;
        try { return data.Resolve(path).Md5; }
        catch (MlnbException) { return null; } // not tracked, or in a folder data versioning does not track
    }

    private async Task<JobResult> RunInsideAsync(ActiveRun run, TrainingJob job, IProgress<EpochReport>? progress, CancellationToken ct)
    {
        foreach (var (k, v) in job.ExtraParams) run.LogParam(k, v);
        if (job.DataPath is { } path)
        {
            var digest = await ContentStore.HashFileAsync(path, ct).ConfigureAwait(false);
            if (TrackedVersion(path) == digest) await data!.LogInputsAsync(run.RunId, [path], "training", ct).ConfigureAwait(false);
            else await run.LogInputAsync(new DatasetInput(Path.GetFileName(path), digest, "local", Path.GetFullPath(path), "training"), ct).ConfigureAwait(false);
        }
        var (rawTrain, rawVal) = job.Data.Split(job.ValidationFraction, job.Options.Seed);
        var (train, val) = TabularData.ImputeMissing(rawTrain, rawVal); // medians of the training rows only
        if (job.Data.TaskRule is { } rule) run.SetTag("mlnb.task_rule", rule);
        if (job.Data.LabelName is { } label) run.LogParam("label", label);
        if (job.Data.Schema is { } schema)
            run.LogParam("columns", string.Join(", ", schema.Columns.Select(c => c.IsCategory ? $"{c.Name}:category({c.Categories.Count})" : c.MissingIndicator ? $"{c.Name}:number(missing)" : $"{c.Name}:number")));
        var sw = Stopwatch.StartNew();
        if (job.MlNetTrainer is { } trainerName)
        {
            var r = await MlNetTrainer.RunAsync(run, trainerName, train, val, job.Options, job.ExportOnnx, ct).ConfigureAwait(false);
            run.LogMetric("train_seconds", sw.Elapsed.TotalSeconds);
            return r with { RunId = run.RunId };
        }
        Native.LibTorch.EnsureLoaded();
        manual_seed(job.Options.Seed);
        var model = job.Model!();
        try
        {
            var fit = await new TorchTrainer(client).FitAsync(run, model, train, val, job.Options, progress, ct).ConfigureAwait(false);
            var metrics = new Dictionary<string, double> { ["val_loss"] = fit.FinalValidationLoss, ["train_loss"] = fit.FinalTrainLoss, ["best_val_loss"] = fit.BestValidationLoss };
            if (fit.FinalValidationAccuracy is { } acc) metrics["val_accuracy"] = acc;
            if (train.Classes == 0)
                foreach (var (k, v) in RegressionMetrics.Compute(TorchPredictor.Predict(model, val, fit.Standardizer, job.Options.InputShape, softmax: false), val.Labels))
                    metrics["val_" + k] = v; // the trainer logged them per epoch
            metrics["train_seconds"] = sw.Elapsed.TotalSeconds;
            if (train.Classes == 2)
            {
                var probs = TorchPredictor.Predict(model, val, fit.Standardizer, job.Options.InputShape, softmax: true);
                metrics["val_auc"] = ClassificationMetrics.Auc(Enumerable.Range(0, val.Rows).Select(i => (double)probs[2 * i + 1]).ToArray(), val.Labels.Select(l => (int)l).ToArray());
                run.LogMetric("val_auc", metrics["val_auc"], fit.EpochsRun);
            }
            if (job.AfterFit is { } after)
            {
                model.eval();
                await after(new TrainedModel(run, model, val, fit, job.Options.InputShape)).ConfigureAwait(false);
            }
            string? onnxPath = null;
            double? diff = null;
            if (job.ExportOnnx)
            {
                var (onnx, signature) = TorchOnnxExporter.Export(model, train.Columns, train.Classes, fit.Standardizer, job.Options.InputShape, true, train.Schema, train.ClassNames);
                var expected = TorchPredictor.Predict(model, val, fit.Standardizer, job.Options.InputShape, softmax: train.Classes > 0);
                diff = OnnxVerifier.Verify(onnx, val, expected);
                metrics["onnx_max_abs_diff"] = diff.Value;
                onnxPath = await ModelPackage.LogAsync(run, onnx, signature, ct).ConfigureAwait(false);
            }
            run.LogMetric("train_seconds", metrics["train_seconds"], fit.EpochsRun);
            if (diff is { } d) run.LogMetric("onnx_max_abs_diff", d, fit.EpochsRun);
            return new JobResult(run.RunId, metrics, onnxPath, diff, fit);
        }
        finally
        {
            model.Dispose();
        }
    }
}
