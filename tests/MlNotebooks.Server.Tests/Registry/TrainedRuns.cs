using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Registry;

/// <summary>Finished runs with an AUC metric and a model folder (fake ONNX bytes: the registry hashes, never parses them), written straight to the served store.</summary>
public static class TrainedRuns
{
    public const string Signature = """{"inputs":[{"name":"Features","datatype":"FP32","shape":[-1,3]}],"outputs":[{"name":"Score","datatype":"FP32","shape":[-1]}]}""";

    public static async Task<string> CreateAsync(Workspace ws, TempDir dir, double auc, string experiment = "registry-tests")
    {
        var run = await ws.Tracking.CreateRunAsync(experiment);
        await ws.Tracking.LogMetricAsync(run.RunId, "auc", auc);
        var folder = dir.File("m-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "model.onnx"), "onnx-bytes" + auc);
        await File.WriteAllTextAsync(Path.Combine(folder, "signature.json"), Signature);
        await ws.Tracking.LogArtifactAsync(run.RunId, folder, "model");
        await ws.Tracking.EndRunAsync(run.RunId);
        return run.RunId;
    }
}
