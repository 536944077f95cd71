using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNotebooks.Tracking;

namespace MlNotebooks.Training.Onnx;

/// <summary>
/// The model as a run logs it, under <c>model/</c>: <c>model.onnx</c>, <c>signature.json</c> (a
/// <see cref="ModelSignature"/>) and <c>MLmodel</c> (MLflow's model file with an <c>onnx</c> flavor and the signature
/// in MLflow's tensor-spec form), so the registry and the server can load it and check requests.
/// </summary>
public static class ModelPackage
{
    /// <summary>The artifact folder.</summary>
    public const string Folder = "model";

    /// <summary>Logs the three files to the run; returns the artifact path of the ONNX file.</summary>
    public static async Task<string> LogAsync(ActiveRun run, byte[] onnx, ModelSignature signature, CancellationToken cancellationToken = default)
    {
        await run.LogArtifactBytesAsync($"{Folder}/model.onnx", onnx, cancellationToken).ConfigureAwait(false);
        await run.LogArtifactBytesAsync($"{Folder}/signature.json", SignatureJson(signature), cancellationToken).ConfigureAwait(false);
        await run.LogArtifactBytesAsync($"{Folder}/MLmodel", Encoding.UTF8.GetBytes(MlModel(run.RunId, signature)), cancellationToken).ConfigureAwait(false);
        return $"{Folder}/model.onnx";
    }

    /// <summary>Writes the three files into a folder (for export without a run).</summary>
    public static async Task SaveAsync(string directory, byte[] onnx, ModelSignature signature, string? runId = null, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, "model.onnx"), onnx, cancellationToken).ConfigureAwait(false);
        await File.WriteAllBytesAsync(Path.Combine(directory, "signature.json"), SignatureJson(signature), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "MLmodel"), MlModel(runId, signature), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The signature as indented JSON.</summary>
    public static byte[] SignatureJson(ModelSignature signature) =>
        JsonSerializer.SerializeToUtf8Bytes(signature, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Reads <c>signature.json</c>.</summary>
    public static ModelSignature ReadSignature(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ModelSignature>(json) ?? throw new MlnbException(ErrorCode.DataCorrupted, "signature.json is empty");

    /// <summary>MLflow's MLmodel YAML for an ONNX model.</summary>
    public static string MlModel(string? runId, ModelSignature s)
    {
        static string Specs(IEnumerable<TensorSpec> specs) => "'" + JsonSerializer.Serialize(specs.Select(t => new Dictionary<string, object>
        {
            ["type"] = "tensor",
            ["tensor-spec"] = new Dictionary<string, object> { ["dtype"] = t.Dtype, ["shape"] = t.Shape },
            ["name"] = t.Name,
        })) + "'";
        var sb = new StringBuilder();
        sb.Append("artifact_path: model\n");
        sb.Append("flavors:\n  onnx:\n    data: model.onnx\n    providers:\n    - CPUExecutionProvider\n");
        sb.Append("mlnb:\n  framework: ").Append(s.Framework).Append("\n  task: ").Append(s.Task).Append("\n  classes: ").Append(s.Classes.ToString(CultureInfo.InvariantCulture)).Append("\n  signature_file: signature.json\n");
        sb.Append("model_uuid: ").Append(Guid.NewGuid().ToString("N")).Append('\n');
        if (runId is not null) sb.Append("run_id: ").Append(runId).Append('\n');
        sb.Append("signature:\n  inputs: ").Append(Specs(s.Inputs)).Append("\n  outputs: ").Append(Specs(s.Outputs)).Append('\n');
        sb.Append("utc_time_created: '").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append("'\n");
        return sb.ToString();
    }
}
