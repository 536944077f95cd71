using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNotebooks.Registry;

namespace MlNotebooks.Serving.Runtime;

/// <summary>
/// One model version loaded in ONNX Runtime: the session (CUDA when the runtime offers it, CPU otherwise, full graph
/// optimisation, one intra-op thread because requests run in parallel), its signature and where it came from.
/// Loading verifies the model file's hash against the registry's and refuses a mismatch.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;

    private OnnxModel(ModelVersion version, InferenceSession session, string provider)
    {
        Version = version;
        _session = session;
        ExecutionProvider = provider;
        Signature = version.Package.Signature;
        _inputNames = [.. Signature.Inputs.Select(i => i.Name)];
    }

    /// <summary>The registry version this is.</summary>
    public ModelVersion Version { get; }

    /// <summary>Inputs and outputs.</summary>
    public ModelSignature Signature { get; }

    /// <summary><c>CUDAExecutionProvider</c> or <c>CPUExecutionProvider</c>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>True when every input has a free first dimension, so requests can be stacked into one batch.</summary>
    public bool Batchable => Signature.Inputs.All(i => i.Shape.Count > 0 && i.Shape[0] == -1) && Signature.Outputs.All(o => o.Shape.Count > 0 && o.Shape[0] == -1);

    /// <summary>Loads a version from the registry's content store, checking the file's hash first.</summary>
    public static async Task<OnnxModel> LoadAsync(RegistryClient registry, ModelVersion version, int intraOpThreads = 1, CancellationToken cancellationToken = default)
    {
        var file = version.Package.Model;
        await registry.EnsureFilesAsync(version, cancellationToken).ConfigureAwait(false); // a server workspace downloads it
        var path = registry.GetFilePath(file);
        if (!File.Exists(path))
            throw MlnbException.NotFound($"the model file of '{version.Name}' version {version.Version} ({file.Md5}) is not in the content store at '{registry.Content.Root}'; pull it or register the model again");
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var actual = Convert.ToHexStringLower(MD5.HashData(bytes));
        if (actual != file.Md5)
            throw new MlnbException(ErrorCode.DataCorrupted, $"refusing to load '{version.Name}' version {version.Version}: its model file hashes to {actual}, the registry says {file.Md5}; the file at '{path}' was changed — register the model again");
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            EnableMemoryPattern = true,
        };
        var provider = "CPUExecutionProvider";
        if (OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            try
            {
                options.AppendExecutionProvider_CUDA(0);
                provider = "CUDAExecutionProvider";
            }
            catch (OnnxRuntimeException)
            {
                // The provider is built in but no usable GPU or CUDA library is present: CPU it is.
            }
        }
        try
        {
            var session = new InferenceSession(bytes, options);
            return new OnnxModel(version, session, provider);
        }
        catch (OnnxRuntimeException e)
        {
            throw new MlnbException(ErrorCode.DataCorrupted, $"ONNX Runtime cannot load '{version.Name}' version {version.Version} ({e.Message.Split('\n')[0]}); export the model to ONNX again");
        }
        finally
        {
            options.Dispose();
        }
    }

    /// <summary>Runs the model on inputs given in signature order; returns the named outputs.</summary>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
    {
        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < inputs.Count; i++) values[i] = ToOrt(inputs[i]);
            var names = InSignatureOrder(inputs) ? _inputNames : [.. inputs.Select(t => t.Name)];
            using var results = _session.Run(_runOptions, names, values, outputNames);
            var outputs = new Tensor[outputNames.Count];
            var k = 0;
            foreach (var r in results) { outputs[k] = FromOrt(outputNames[k], r); k++; }
            return outputs;
        }
        finally
        {
            foreach (var v in values) v?.Dispose();
        }
    }

    private bool InSignatureOrder(IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count != _inputNames.Length) return false;
        for (var i = 0; i < inputs.Count; i++)
            if (inputs[i].Name != _inputNames[i]) return false;
        return true;
    }

    private static OrtValue ToOrt(Tensor t) => t.Data switch
    {
        float[] a => OrtValue.CreateTensorValueFromMemory(a, t.Shape),
        double[] a => OrtValue.CreateTensorValueFromMemory(a, t.Shape),
        long[] a => OrtValue.CreateTensorValueFromMemory(a, t.Shape),
        int[] a => OrtValue.CreateTensorValueFromMemory(a, t.Shape),
        bool[] a => OrtValue.CreateTensorValueFromMemory(a, t.Shape),
        string[] a => OrtValue.CreateFromStringTensor(new DenseTensor<string>(a, [.. t.Shape.Select(d => (int)d)])),
        _ => throw MlnbException.Invalid($"input '{t.Name}' has datatype {t.Datatype}, which this server does not carry"),
    };

    private static Tensor FromOrt(string name, OrtValue v)
    {
        var info = v.GetTensorTypeAndShape();
        var shape = info.Shape;
        Array data = info.ElementDataType switch
        {
            TensorElementType.Float => v.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Double => v.GetTensorDataAsSpan<double>().ToArray(),
            TensorElementType.Int64 => v.GetTensorDataAsSpan<long>().ToArray(),
            TensorElementType.Int32 => v.GetTensorDataAsSpan<int>().ToArray(),
            TensorElementType.Bool => v.GetTensorDataAsSpan<bool>().ToArray(),
            TensorElementType.String => v.GetStringTensorAsArray(),
            var other => throw new MlnbException(ErrorCode.InternalError, $"output '{name}' has element type {other}, which this server does not carry"),
        };
        return new Tensor(name, OnnxTypes.ToDatatype(info.ElementDataType), shape, data);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
