using System.Globalization;
using System.Text;
using System.Text.Json;
using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Registers a new version of <paramref name="name"/> (created when missing) from a run's artifact: either the
    /// ONNX file itself or a folder holding <c>model.onnx</c>, an optional <c>signature.json</c> and an optional
    /// <c>input_example.json</c>. Without a signature file the signature is read from the ONNX file by
    /// <paramref name="signatureReader"/>. Writes an <c>MLmodel</c> descriptor; every file is content-hashed.
    /// </summary>
    public async Task<ModelVersion> RegisterAsync(string runId, string artifactPath, string name, IModelSignatureReader? signatureReader = null,
        string description = "", IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        RegistryNames.ValidateModelName(name);
        var run = await _tracking.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var path = TrackingClient.NormalizeArtifactPath(artifactPath) ?? "";
        var all = await _tracking.ListArtifactsAsync(runId, null, cancellationToken).ConfigureAwait(false);
        string folder;
        ArtifactEntry? model = all.FirstOrDefault(e => e.Path == path && path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase));
        if (model is not null) folder = path.LastIndexOf('/') is var i and > 0 ? path[..i] : "";
        else
        {
            folder = path;
            model = all.FirstOrDefault(e => e.Path == Join(folder, ModelPackage.ModelFile))
                ?? throw MlnbException.NotFound($"run {runId} has no '{Join(folder, ModelPackage.ModelFile)}'" + (all.Any(e => e.Path == path) ? $" ('{path}' is not an .onnx file)" : "")
                    + $"; log the ONNX model with `mlnb artifacts log model.onnx --run {runId} --artifact-path {(path.Length == 0 ? "model" : path)}` or pass --artifact PATH/TO/model.onnx");
        }
        if (!_content.Contains(model.Md5))
            throw MlnbException.NotFound($"the content of '{model.Path}' ({model.Md5}) is not in the content store at '{_content.Root}'; pull it or log it again");

        var signatureEntry = all.FirstOrDefault(e => e.Path == Join(folder, ModelPackage.SignatureFile));
        ModelSignature signature;
        if (signatureEntry is not null)
        {
            await using var s = _content.OpenRead(signatureEntry.Md5);
            using var reader = new StreamReader(s);
            signature = PackageJson.ParseSignature(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false), $"'{signatureEntry.Path}' of run {runId}");
        }
        else if (signatureReader is not null)
        {
            signature = signatureReader.Read(_content.GetPath(model.Md5));
        }
        else throw MlnbException.Invalid($"run {runId} has no '{Join(folder, ModelPackage.SignatureFile)}' and no signature reader was given; log a signature JSON next to model.onnx, or register through mlnb (which reads it from the ONNX file)");
        if (signature.Inputs.Count == 0)
            throw MlnbException.Invalid($"the model '{model.Path}' has no tensor inputs; only ONNX models with tensor inputs can be registered");

        var files = new List<PackageFile> { new(ModelPackage.ModelFile, model.Md5, model.Size) };
        files.Add(await AddTextAsync(ModelPackage.SignatureFile, PackageJson.ToJson(signature).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false));
        var example = all.FirstOrDefault(e => e.Path == Join(folder, ModelPackage.InputExampleFile));
        if (example is not null) files.Add(new PackageFile(ModelPackage.InputExampleFile, example.Md5, example.Size));
        if (all.FirstOrDefault(e => e.Path == Join(folder, ModelPackage.ServingConfigFile)) is { } serving) files.Add(new PackageFile(ModelPackage.ServingConfigFile, serving.Md5, serving.Size));
        var source = $"runs:/{runId}/{path}".TrimEnd('/');
        files.Add(await AddTextAsync(ModelPackage.DescriptorFile, Descriptor(run, folder, signature, files, example is not null), cancellationToken).ConfigureAwait(false));

        // The drift reference (training input + profile), kept in the content store; caller's tags win.
        var allTags = await ReferenceTagsAsync(name, run, cancellationToken).ConfigureAwait(false);
        foreach (var (k, v) in tags ?? new Dictionary<string, string>()) allTags[k] = v;

        FaultPoint.Hit("registry.files");
        try
        {
            await Store.CreateRegisteredModelAsync(name, "", null, Now, cancellationToken).ConfigureAwait(false);
        }
        catch (MlnbException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
        {
            // Already there: add a version to it.
        }
        var package = new ModelPackage(files, signature, run.Inputs);
        return await Store.CreateModelVersionAsync(name, description, Options.User, source, runId, package, allTags, Now, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PackageFile> AddTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false);
        var r = await _content.AddStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        return new PackageFile(path, r.Md5, r.Size);
    }

    private static string Join(string folder, string file) => folder.Length == 0 ? file : folder + "/" + file;

    /// <summary>An <c>MLmodel</c> file as MLflow writes it for an ONNX model, plus an <c>mlnb</c> section with hashes and datasets.</summary>
    private string Descriptor(Run run, string folder, ModelSignature signature, IReadOnlyList<PackageFile> files, bool hasExample)
    {
        static string Spec(IReadOnlyList<TensorSpec> tensors) => "'" + JsonSerializer.Serialize(tensors.Select(t => new Dictionary<string, object>
        {
            ["type"] = "tensor",
            ["tensor-spec"] = new Dictionary<string, object> { ["dtype"] = NumpyDtype(t.Datatype), ["shape"] = t.Shape },
            ["name"] = t.Name,
        })).Replace("'", "''", StringComparison.Ordinal) + "'";
        var sb = new StringBuilder();
        sb.Append("artifact_path: ").Append(folder.Length == 0 ? "model" : folder).Append('\n');
        sb.Append("flavors:\n  onnx:\n    code: null\n    data: model.onnx\n    providers:\n    - CUDAExecutionProvider\n    - CPUExecutionProvider\n");
        sb.Append("  python_function:\n    data: model.onnx\n    loader_module: mlflow.onnx\n");
        sb.Append("model_uuid: ").Append(Guid.NewGuid().ToString("N")).Append('\n');
        sb.Append("run_id: ").Append(run.RunId).Append('\n');
        if (hasExample) sb.Append("saved_input_example_info:\n  artifact_path: input_example.json\n  type: json_object\n");
        sb.Append("signature:\n  inputs: ").Append(Spec(signature.Inputs)).Append("\n  outputs: ").Append(Spec(signature.Outputs)).Append('\n');
        sb.Append("utc_time_created: '").Append(Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)).Append("'\n");
        sb.Append("mlnb:\n  files:\n");
        foreach (var f in files) sb.Append("    ").Append(f.Path).Append(": md5:").Append(f.Md5).Append('\n');
        sb.Append("  datasets:").Append(run.Inputs.Count == 0 ? " []\n" : "\n");
        foreach (var d in run.Inputs) sb.Append("  - name: ").Append(d.Name).Append("\n    digest: ").Append(d.Digest).Append("\n    context: ").Append(d.Context.Length == 0 ? "''" : d.Context).Append('\n');
        return sb.ToString();
    }

    private static string NumpyDtype(string datatype) => datatype switch
    {
        "FP32" => "float32", "FP64" => "float64", "FP16" => "float16", "INT64" => "int64", "INT32" => "int32", "INT16" => "int16", "INT8" => "int8",
        "UINT8" => "uint8", "UINT16" => "uint16", "UINT32" => "uint32", "UINT64" => "uint64", "BOOL" => "bool", _ => "object",
    };
}
