using MlNotebooks.Tracking;

namespace MlNotebooks.Registry;

/// <summary>
/// What a model version is made of: its files (the ONNX model, the <c>MLmodel</c> descriptor, the signature, an
/// input example), its signature, and the dataset versions its training run read.
/// </summary>
/// <param name="Files">Content-hashed files.</param>
/// <param name="Signature">Inputs and outputs.</param>
/// <param name="Datasets">Dataset versions the source run read (its run inputs).</param>
public sealed record ModelPackage(IReadOnlyList<PackageFile> Files, ModelSignature Signature, IReadOnlyList<DatasetInput> Datasets)
{
    /// <summary>The file name of the ONNX model inside a package.</summary>
    public const string ModelFile = "model.onnx";

    /// <summary>The descriptor's file name.</summary>
    public const string DescriptorFile = "MLmodel";

    /// <summary>The signature's file name.</summary>
    public const string SignatureFile = "signature.json";

    /// <summary>The input example's file name.</summary>
    public const string InputExampleFile = "input_example.json";

    /// <summary>The serving config's file name (features fetched by entity key before inference), registered when logged next to model.onnx.</summary>
    public const string ServingConfigFile = "serving.json";

    /// <summary>The file at <paramref name="path"/>, or null.</summary>
    public PackageFile? File(string path) => Files.FirstOrDefault(f => f.Path == path);

    /// <summary>The ONNX model file.</summary>
    public PackageFile Model => File(ModelFile) ?? throw new MlnbException(ErrorCode.DataCorrupted, "the model package has no model.onnx; register the version again");
}
