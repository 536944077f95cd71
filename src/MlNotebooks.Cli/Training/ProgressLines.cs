using System.Text.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Training;
using MlNotebooks.Training.Torch;

namespace MlNotebooks.Cli.Training;

/// <summary>
/// <c>mlnb train --progress jsonl</c>: one JSON object per line on stdout, for programs (the <c>#!train</c> magic) rather
/// than people. <c>{"event":"started","run_id":…}</c> when the run exists, <c>{"event":"epoch","epoch":1,"epochs":5,"train_loss":…,"val_loss":…,"val_accuracy":…,"val_rmse":…,"val_r2":…,"lr":…,"seconds":…}</c>
/// after each epoch (epoch counts from 1), then <c>{"event":"result","run_id":…,"metrics":{…},"onnx_artifact":…,"onnx_max_abs_diff":…}</c>.
/// NaN and infinities are written as the strings "NaN", "Infinity", "-Infinity".
/// </summary>
internal static class ProgressLines
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static JsonObject Started(string runId) => new() { ["event"] = "started", ["run_id"] = runId };

    public static JsonObject Epoch(EpochReport r) => new()
    {
        ["event"] = "epoch",
        ["epoch"] = r.Epoch + 1,
        ["epochs"] = r.Epochs,
        ["train_loss"] = r.TrainLoss,
        ["val_loss"] = r.ValidationLoss,
        ["val_accuracy"] = r.ValidationAccuracy,
        ["val_rmse"] = r.ValidationRmse,
        ["val_r2"] = r.ValidationR2,
        ["lr"] = r.LearningRate,
        ["seconds"] = r.Seconds,
    };

    public static JsonObject Result(JobResult r)
    {
        var metrics = new JsonObject();
        foreach (var (k, v) in r.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal)) metrics[k] = v;
        return new JsonObject { ["event"] = "result", ["run_id"] = r.RunId, ["metrics"] = metrics, ["onnx_artifact"] = r.OnnxArtifact, ["onnx_max_abs_diff"] = r.OnnxMaxAbsDiff };
    }

    /// <summary>Writes one line and flushes, so a reader sees each epoch as it ends.</summary>
    public static void Write(JsonObject line)
    {
        Console.Out.WriteLine(line.ToJsonString(Options));
        Console.Out.Flush();
    }
}
