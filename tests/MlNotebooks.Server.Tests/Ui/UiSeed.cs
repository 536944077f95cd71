using System.Globalization;
using System.Text;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tests.Ui;

/// <summary>
/// Fills a workspace through the core as a user's runs would: an experiment of runs with params, metric histories,
/// tags, datasets and artifacts (text, JSON, CSV, PNG), a second experiment, and a registered model moved through a
/// gate, an approval and two promotions. Deterministic: the same seed gives the same values.
/// </summary>
public static class UiSeed
{
    /// <summary>The main experiment's name.</summary>
    public const string Experiment = "churn-model";

    /// <summary>The registered model's name.</summary>
    public const string Model = "churn";

    /// <summary>A 40x24 PNG (a rising curve), for the image preview.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAACgAAAAYCAIAAAAH5iiXAAAAdElEQVR42s3WMQrAMAwDQO99ap7a/7Rk61IogQQnjiUVPPsQHiy77ioZQyw9yumOcZg0OIZtwTNLk2+8wwThLGwNTienYATpwyDSgaHqEEarfZigdmCOOoTZ34mmNjBT/QFMVhtYUH34cT9YUPYkcV9YUm8fhoUbZLrZNE8AAAAASUVORK5CYII=");

    /// <summary>What was seeded.</summary>
    /// <param name="ExperimentId">The main experiment.</param>
    /// <param name="RunIds">Its runs, in creation order.</param>
    /// <param name="ArtifactRunId">The run holding the artifacts and the registered model.</param>
    public sealed record Seeded(string ExperimentId, IReadOnlyList<string> RunIds, string ArtifactRunId);

    /// <summary>Seeds <paramref name="workspace"/> with <paramref name="runs"/> runs of <paramref name="steps"/> steps each.</summary>
    public static async Task<Seeded> FillAsync(Workspace workspace, int runs = 24, int steps = 200)
    {
        var tracking = workspace.Tracking;
        var exp = await tracking.CreateExperimentAsync(Experiment, new Dictionary<string, string> { ["team"] = "retention" });
        await tracking.CreateExperimentAsync("baseline-models");
        string[] optimizers = ["adam", "sgd"];
        string[] lrs = ["0.1", "0.01", "0.001"];
        var ids = new List<string>();
        var t0 = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (var i = 0; i < runs; i++)
        {
            var lr = lrs[i % 3];
            var opt = optimizers[i / 3 % 2];
            var run = await tracking.CreateRunAsync(Experiment, $"{opt}-lr{lr}-{i:D2}", tags: new Dictionary<string, string> { ["team"] = i % 4 == 0 ? "vision" : "tabular" });
            var rate = double.Parse(lr, CultureInfo.InvariantCulture);
            var floor = 0.08 + 0.02 * (i % 5) + (opt == "sgd" ? 0.05 : 0);
            var metrics = new List<Metric>(steps * 2 + 2);
            for (var s = 0; s < steps; s++)
            {
                var loss = floor + 0.9 * Math.Exp(-s * rate * 4 / (1 + 10 * rate)) + 0.03 * Math.Sin(s * 0.7 + i);
                metrics.Add(new Metric("loss", loss, t0 + i * 60_000 + s * 1_000, s));
                metrics.Add(new Metric("val_loss", loss * 1.1 + 0.02, t0 + i * 60_000 + s * 1_000, s));
            }
            metrics.Add(new Metric("accuracy", Math.Round(0.97 - floor / 2 - (i % 7) * 0.004, 4), t0 + i * 60_000 + steps * 1_000, steps));
            metrics.Add(new Metric("auc", Math.Round(0.99 - floor / 3 - (i % 6) * 0.003, 4), t0 + i * 60_000 + steps * 1_000, steps));
            foreach (var chunk in metrics.Chunk(1000))
                await tracking.LogBatchAsync(run.RunId, chunk);
            await tracking.LogBatchAsync(run.RunId, @params: [new Param("lr", lr), new Param("optimizer", opt), new Param("batch_size", i % 2 == 0 ? "32" : "64"), new Param("epochs", "20")]);
            await tracking.LogInputsAsync(run.RunId, [new DatasetInput("data/churn.csv", "3f1c9a0e5b7d4c2a8e6f0b1d2c3a4b5c", "dvc", "data/churn.csv", "training")]);
            await tracking.EndRunAsync(run.RunId);
            ids.Add(run.RunId);
        }
        var best = ids[0];
        await tracking.LogArtifactBytesAsync(best, "notes.txt", Encoding.UTF8.GetBytes("Trained on churn.csv (7,043 rows).\nEarly stopping at epoch 18.\n"));
        await tracking.LogArtifactBytesAsync(best, "eval/metrics.json", Encoding.UTF8.GetBytes("{\"accuracy\":0.9312,\"auc\":0.9714,\"confusion\":[[512,38],[21,129]]}"));
        await tracking.LogArtifactBytesAsync(best, "eval/predictions.csv", Encoding.UTF8.GetBytes("customer_id,churn_probability,label\nC-1001,0.91,1\nC-1002,0.07,0\nC-1003,\"0.55\",1\n"));
        await tracking.LogArtifactBytesAsync(best, "plots/loss.png", Png);
        await RegisterAsync(workspace, best, ids[1]);
        return new Seeded(exp.ExperimentId, ids, best);
    }

    private static async Task RegisterAsync(Workspace workspace, string first, string second)
    {
        const string signature = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,30]}],\"outputs\":[{\"name\":\"p\",\"datatype\":\"FP32\",\"shape\":[-1,2]}]}";
        foreach (var run in new[] { first, second })
        {
            await workspace.Tracking.LogArtifactBytesAsync(run, "model/model.onnx", Encoding.UTF8.GetBytes("not a real onnx file: the registry reads signature.json"));
            await workspace.Tracking.LogArtifactBytesAsync(run, "model/signature.json", Encoding.UTF8.GetBytes(signature));
        }
        var registry = workspace.Registry;
        await registry.RegisterAsync(first, "model", Model, description: "Churn classifier");
        await registry.RegisterAsync(second, "model", Model);
        await registry.SetGatesAsync(Model, "production", ["metrics.auc >= 0.8", "approvals >= 1"]);
        await registry.ApproveAsync(Model, 1, "production", "looks good");
        await registry.PromoteAsync(Model, 1, "production", "first release");
        await registry.ApproveAsync(Model, 2, "production", "retrained on November data");
        await registry.PromoteAsync(Model, 2, "production", "retrained");
    }
}
