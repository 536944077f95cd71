using System.Runtime.InteropServices;
using MlNotebooks.Tracking;
using MlNotebooks.Training.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNotebooks.Training.Torch;

public sealed partial class TorchTrainer
{
    /// <summary>Feature rows as a float tensor on the device, standardized, shaped [N, ...InputShape].</summary>
    internal static Tensor ToFeatures(TabularData data, Standardizer? scaler, TorchTrainerOptions options, Device device)
    {
        var x = data.Features;
        if (scaler is not null)
        {
            x = new float[data.Features.Length];
            for (var i = 0; i < x.Length; i++)
            {
                var j = i % data.Columns;
                x[i] = (data.Features[i] - scaler.Mean[j]) / scaler.Std[j];
            }
        }
        long[] shape = options.InputShape is { } s ? [data.Rows, .. s] : [data.Rows, data.Columns];
        if (shape.Skip(1).Aggregate(1L, (a, b) => a * b) != data.Columns)
            throw MlnbException.Invalid($"the input shape [{string.Join(',', shape.Skip(1))}] holds {shape.Skip(1).Aggregate(1L, (a, b) => a * b)} values but the data has {data.Columns} features");
        using var cpu = tensor(x, shape);
        return cpu.to(device);
    }

    private static Tensor ToLabels(TabularData data, Device device)
    {
        using var cpu = data.Classes > 0 ? tensor(data.Labels.Select(v => (long)v).ToArray()) : tensor(data.Labels);
        return cpu.to(device);
    }

    /// <summary>Runs two rows through the model to learn its output width; a wrong input width fails here, named.</summary>
    private static long Probe(nn.Module<Tensor, Tensor> model, Tensor x, TabularData data)
    {
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        try
        {
            var y = model.forward(x.narrow(0, 0, Math.Min(2, x.shape[0])));
            return y.dim() == 1 ? 1 : y.shape[1];
        }
        catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
        {
            var first = FirstLinear(model);
            var expects = first is null ? "" : $" but its first layer ({first.GetType().Name}) expects {first.in_features}";
            throw MlnbException.Invalid($"the data has {data.Columns} features per row (input shape [{string.Join(',', x.shape.Skip(1))}]){expects}: the model does not accept it ({e.Message.Split('\n')[0].Trim()}); fix the model's input width or the data's label column");
        }
    }

    private static Linear? FirstLinear(nn.Module model)
    {
        foreach (var (_, m) in model.named_modules())
            if (m is Linear l) return l;
        return null;
    }

    private static void CheckLabels(TabularData data, long outputs, string which)
    {
        if (data.Rows == 0) throw MlnbException.Invalid($"the {which} set has no rows");
        if (data.Classes == 0)
        {
            if (outputs != 1) throw MlnbException.Invalid($"regression needs a model with 1 output, this one has {outputs}");
            return;
        }
        for (var i = 0; i < data.Rows; i++)
        {
            var v = data.Labels[i];
            if (v < 0 || v >= outputs || v != MathF.Floor(v))
                throw MlnbException.Invalid($"{which} row {i} has label {v}, outside the model's {outputs} classes (0..{outputs - 1}); fix the labels or give the model {Math.Max(outputs, (long)v + 1)} outputs");
        }
    }

    private static OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters, TorchTrainerOptions o) => o.Optimizer switch
    {
        "sgd" => optim.SGD(parameters, o.LearningRate, momentum: 0.9, weight_decay: o.WeightDecay),
        "adamw" => optim.AdamW(parameters, o.LearningRate, weight_decay: o.WeightDecay),
        _ => optim.Adam(parameters, o.LearningRate, weight_decay: o.WeightDecay),
    };

    private static optim.lr_scheduler.LRScheduler? CreateScheduler(OptimizerHelper optimizer, TorchTrainerOptions o) => o.Schedule switch
    {
        "step" => optim.lr_scheduler.StepLR(optimizer, o.StepEpochs, 0.5),
        "cosine" => optim.lr_scheduler.CosineAnnealingLR(optimizer, o.Epochs),
        _ => null,
    };

    private async Task<byte[]> ReadCheckpointAsync(string runId, CancellationToken ct)
    {
        var entries = await client.ListArtifactsAsync(runId, LastCheckpointPath, ct).ConfigureAwait(false);
        var entry = entries.FirstOrDefault(e => e.Path == LastCheckpointPath)
            ?? throw MlnbException.NotFound($"run {runId} has no checkpoint ({LastCheckpointPath}); train with --checkpoint-every N to save some");
        await client.EnsureContentAsync(runId, [entry], ct).ConfigureAwait(false);
        await using var stream = client.Content.OpenRead(entry.Md5);
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms, ct).ConfigureAwait(false);
        return ms.ToArray();
    }

    private static void LogParams(ActiveRun run, nn.Module model, TabularData train, TabularData validation, TorchTrainerOptions o, Device device, long outputs)
    {
        run.LogParams(new Dictionary<string, object?>
        {
            ["optimizer"] = o.Optimizer, ["lr"] = o.LearningRate, ["batch_size"] = o.BatchSize, ["epochs"] = o.Epochs, ["seed"] = o.Seed,
            ["device"] = device.ToString(), ["schedule"] = o.Schedule, ["weight_decay"] = o.WeightDecay, ["clip_norm"] = o.ClipNorm?.ToString() ?? "none",
            ["patience"] = o.Patience?.ToString() ?? "none", ["checkpoint_every"] = o.CheckpointEvery, ["standardize"] = o.Standardize, ["dtype"] = o.Dtype,
            ["model_summary"] = ModelSummary.Describe(model), ["parameter_count"] = ModelSummary.ParameterCount(model),
            ["train_rows"] = train.Rows, ["val_rows"] = validation.Rows, ["features"] = train.Columns, ["outputs"] = outputs,
            ["task"] = train.Classes > 0 ? "classification" : "regression", ["framework"] = "torchsharp",
        });
    }
}
