namespace MlNotebooks.Registry;

/// <summary>A file of a model version's package, addressed by content hash in the content store.</summary>
/// <param name="Path">Path inside the package (<c>model.onnx</c>, <c>MLmodel</c>, ...).</param>
/// <param name="Md5">Content hash; the server verifies it before loading.</param>
/// <param name="Size">Bytes.</param>
public sealed record PackageFile(string Path, string Md5, long Size);
