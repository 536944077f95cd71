using System.Diagnostics;
using System.Globalization;
using MlNotebooks.Tracking;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNotebooks.Training.Torch;

/// <summary>
/// Fits a TorchSharp module on tabular data as a tracked run: seeded shuffling and batching, an LR schedule,
/// gradient clipping, early stopping on validation loss, checkpoints as run artifacts every N epochs and resume from
/// the last one. Params are logged once; the step loss and epoch figures go through the run's buffered logger.
/// Classification (data with classes) uses cross-entropy on the model's logits; regression uses mean squared error.
/// </summary>
public sealed partial class TorchTrainer(TrackingClient client)
{
    /// <summary>The artifact path of the newest checkpoint of a run.</summary>
    public const string LastCheckpointPath = "checkpoints/last.ckpt";

    /// <summary>Fits <paramref name="model"/> (moved to the chosen device) and returns what happened.</summary>
    public async Task<TrainingResult> FitAsync(ActiveRun run, nn.Module<Tensor, Tensor> model, TabularData train, TabularData validation,
        TorchTrainerOptions options, IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        LibTorch.EnsureLoaded();
        if (train.Features.Any(float.IsNaN))
            throw MlnbException.Invalid("the training rows have missing values (NaN); fill them first (TabularData.ImputeMissing fills them with training medians, as mlnb train does)");
        if (train.Columns != validation.Columns)
            throw MlnbException.Invalid($"training rows have {train.Columns} features but validation rows have {validation.Columns}");
        var device = LibTorch.ResolveDevice(options.Device);
        torch.manual_seed(options.Seed);
        var scaler = options.Standardize ? Standardizer.Fit(train) : null;

        using var xTrain = ToFeatures(train, scaler, options, device);
        using var yTrain = ToLabels(train, device);
        using var xVal = ToFeatures(validation, scaler, options, device);
        using var yVal = ToLabels(validation, device);
        model.to(device);
        var outputs = Probe(model, xTrain, train);
        CheckLabels(train, outputs, "training");
        CheckLabels(validation, outputs, "validation");

        var fingerprint = Checkpoint.Fingerprint(model);
        // bf16: the optimizer updates float32 copies of the weights (masters); the model itself computes in bfloat16.
        var masters = options.Dtype == "bf16" ? model.parameters().Select(p => new Parameter(p.detach().clone())).ToList() : null;
        using var optimizer = CreateOptimizer(masters ?? model.parameters(), options);
        using var xTrainCompute = masters is null ? null : xTrain.to(ScalarType.BFloat16);
        using var xValCompute = masters is null ? null : xVal.to(ScalarType.BFloat16);
        if (masters is not null) model.to(ScalarType.BFloat16);
        var start = 0;
        long step = 0;
        double best = double.PositiveInfinity;
        int bestEpoch = -1, bad = 0;
        if (options.ResumeFromRunId is { } from)
        {
            var header = Checkpoint.Load(await ReadCheckpointAsync(from, cancellationToken).ConfigureAwait(false), model, optimizer, $"the last checkpoint of run {from}");
            (start, step, best, bestEpoch, bad) = (header.Epoch + 1, header.Step, header.BestValidationLoss, header.BestEpoch, header.BadEpochs);
            // The optimizer state carries the scheduled lr of that epoch; start from the base lr and replay the schedule.
            foreach (var group in optimizer.ParamGroups) group.LearningRate = options.LearningRate;
            run.SetTag("mlnb.resumed_from", $"{from}@epoch{header.Epoch}");
        }
        var scheduler = CreateScheduler(optimizer, options);
        for (var e = 0; e < start; e++) scheduler?.step();
        LogParams(run, model, train, validation, options, device, outputs);

        var generator = new Generator((ulong)options.Seed, device.type == DeviceType.CUDA ? device : CPU);
        await using var checkpoints = new CheckpointWriter(client, run.RunId);
        double trainLoss = double.NaN, valLoss = double.NaN;
        double? valAcc = null;
        IReadOnlyDictionary<string, double>? valRegression = null;
        string? lastCheckpoint = null;
        var stoppedEarly = false;
        var epoch = start;
        for (; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            // Each epoch's order and dropout masks depend on the seed and the epoch only, so a resumed run replays them.
            generator.manual_seed(options.Seed * 1_000_003L + epoch);
            torch.manual_seed(options.Seed * 1_000_003L + epoch + 1);
            (trainLoss, step) = RunEpoch(run, model, masters, optimizer, xTrainCompute ?? xTrain, yTrain, train.Classes, options, generator, step, epoch, lastCheckpoint);
            (valLoss, valAcc, valRegression) = Evaluate(model, xValCompute ?? xVal, yVal, validation.Classes, options.BatchSize);
            var lr = optimizer.ParamGroups.First().LearningRate;
            scheduler?.step();
            var secs = sw.Elapsed.TotalSeconds;
            run.LogMetric("epoch_train_loss", trainLoss, epoch);
            run.LogMetric("val_loss", valLoss, epoch);
            if (valAcc is { } acc) run.LogMetric("val_accuracy", acc, epoch);
            if (valRegression is not null) foreach (var (k, v) in valRegression) run.LogMetric("val_" + k, v, epoch);
            run.LogMetric("lr", lr, epoch);
            run.LogMetric("epoch_seconds", secs, epoch);
            if (double.IsNaN(valLoss) || double.IsInfinity(valLoss))
                throw NaNLoss(run, epoch, step, lastCheckpoint, options, "validation loss");
            if (valLoss < best - options.MinDelta) { best = valLoss; bestEpoch = epoch; bad = 0; }
            else bad++;
            var last = epoch == options.Epochs - 1;
            var stop = options.Patience is { } p && bad >= p;
            if (options.CheckpointEvery > 0 && ((epoch + 1) % options.CheckpointEvery == 0 || last || stop))
            {
                if (masters is not null) ToFloat32(model, masters);
                // The state is copied into memory here; the file and the store write happen on the checkpoint writer.
                var snapshot = Checkpoint.Save(model, optimizer, new Checkpoint.Header(1, epoch, step, best, bestEpoch, bad, options.Optimizer, fingerprint));
                lastCheckpoint = await checkpoints.WriteAsync(snapshot, epoch, cancellationToken).ConfigureAwait(false);
                if (masters is not null) model.to(ScalarType.BFloat16);
            }
            progress?.Report(new EpochReport(epoch, options.Epochs, trainLoss, valLoss, valAcc, lr, secs) { ValidationRmse = valRegression?["rmse"], ValidationR2 = valRegression?["r2"] });
            if (stop) { stoppedEarly = true; epoch++; break; }
        }
        if (masters is not null)
        {
            ToFloat32(model, masters); // what is evaluated, exported and checked from here on
            foreach (var m in masters) m.Dispose();
        }
        await checkpoints.DrainAsync().ConfigureAwait(false);
        run.LogMetric("best_val_loss", best, bestEpoch);
        run.SetTag("mlnb.stopped_early", stoppedEarly ? "true" : "false");
        await run.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new TrainingResult(epoch, step, trainLoss, valLoss, valAcc, best, bestEpoch, stoppedEarly, device.ToString(), scaler, lastCheckpoint);
    }

    /// <summary>Returns a bf16 model to float32 holding the master weights.</summary>
    private static void ToFloat32(nn.Module model, IReadOnlyList<Parameter> masters)
    {
        model.to(ScalarType.Float32);
        using var _ = no_grad();
        foreach (var (p, m) in model.parameters().Zip(masters)) p.copy_(m);
    }

    private static (double Loss, long Step) RunEpoch(ActiveRun run, nn.Module<Tensor, Tensor> model, IReadOnlyList<Parameter>? masters, OptimizerHelper optimizer, Tensor x, Tensor y,
        int classes, TorchTrainerOptions options, Generator generator, long step, int epoch, string? lastCheckpoint)
    {
        model.train();
        var n = x.shape[0];
        var pending = new List<(float Value, long Step, long Timestamp)>(StepMetricsPerHandOff);
        using var order = randperm(n, generator: generator, device: x.device);
        double sum = 0;
        long count = 0;
        for (long at = 0; at < n; at += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var idx = order.narrow(0, at, Math.Min(options.BatchSize, n - at));
            var xb = x.index_select(0, idx);
            var yb = y.index_select(0, idx);
            optimizer.zero_grad();
            if (masters is not null) model.zero_grad();
            var loss = Loss(model.forward(xb), yb, classes);
            var value = loss.item<float>();
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                HandOff(run, pending);
                throw NaNLoss(run, epoch, step, lastCheckpoint, options, "training loss");
            }
            loss.backward();
            if (masters is not null)
                foreach (var (p, m) in model.parameters().Zip(masters)) m.grad = p.grad!.to(ScalarType.Float32);
            if (options.ClipNorm is { } clip) nn.utils.clip_grad_norm_(masters ?? model.parameters(), clip);
            optimizer.step();
            if (masters is not null)
                using (no_grad())
                    foreach (var (p, m) in model.parameters().Zip(masters)) p.copy_(m);
            if (step % options.LogEverySteps == 0)
            {
                pending.Add((value, step, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                if (pending.Count >= StepMetricsPerHandOff) HandOff(run, pending);
            }
            sum += value * idx.shape[0];
            count += idx.shape[0];
            step++;
        }
        HandOff(run, pending);
        return (sum / count, step);
    }

    /// <summary>
    /// Step losses go to the buffered logger in groups (with their own timestamps): handed over one by one, each would
    /// wake the logger's writer for a store transaction of one point, competing with training for the CPU.
    /// </summary>
    private const int StepMetricsPerHandOff = 200;

    private static void HandOff(ActiveRun run, List<(float Value, long Step, long Timestamp)> pending)
    {
        foreach (var (value, step, timestamp) in pending) run.Logger.LogMetric("train_loss", value, step, timestamp);
        pending.Clear();
    }

    private static (double Loss, double? Accuracy, IReadOnlyDictionary<string, double>? Regression) Evaluate(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, int classes, int batchSize)
    {
        model.eval();
        using var _ = no_grad();
        double loss = 0, correct = 0;
        var n = x.shape[0];
        var predicted = classes > 0 ? null : new List<float>((int)n);
        for (long at = 0; at < n; at += Math.Max(batchSize, 1024))
        {
            using var scope = NewDisposeScope();
            var len = Math.Min(Math.Max(batchSize, 1024), n - at);
            var xb = x.narrow(0, at, len);
            var yb = y.narrow(0, at, len);
            var output = model.forward(xb);
            loss += Loss(output, yb, classes).item<float>() * len;
            if (classes > 0) correct += output.argmax(1).eq(yb).sum().item<long>();
            else predicted!.AddRange(output.reshape(-1).to(ScalarType.Float32).cpu().data<float>());
        }
        if (predicted is null) return (loss / n, correct / n, null);
        using var targets = y.cpu();
        return (loss / n, null, RegressionMetrics.Compute(predicted, targets.data<float>().ToArray()));
    }

    /// <summary>The loss, computed in float32 (a bf16 model's outputs are cast up first).</summary>
    private static Tensor Loss(Tensor output, Tensor target, int classes)
    {
        if (output.dtype != ScalarType.Float32) output = output.to(ScalarType.Float32);
        return classes > 0 ? nn.functional.cross_entropy(output, target) : nn.functional.mse_loss(output.reshape(-1), target);
    }

    private static MlnbException NaNLoss(ActiveRun run, int epoch, long step, string? lastCheckpoint, TorchTrainerOptions options, string what)
    {
        run.SetTag("mlnb.failure", $"{what} became NaN at epoch {epoch} step {step}");
        var keep = lastCheckpoint is null ? "no checkpoint was saved before it" : $"the last good checkpoint is kept at {lastCheckpoint} of run {run.RunId}";
        return MlnbException.State($"training stopped at epoch {epoch}, step {step}: the {what} is NaN or infinite (lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)}); lower --lr or set --clip-norm; {keep}");
    }
}
