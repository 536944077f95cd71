namespace MlNotebooks.Registry;

/// <summary>
/// One input or output of a model: its name, its Open Inference Protocol datatype (<c>FP32</c>, <c>INT64</c>,
/// <c>BOOL</c>, <c>BYTES</c>, ...) and its shape, where <c>-1</c> is a free dimension (the batch).
/// </summary>
/// <param name="Name">Tensor name in the ONNX graph.</param>
/// <param name="Datatype">OIP v2 datatype name.</param>
/// <param name="Shape">Dimensions; -1 for a free one.</param>
/// <param name="Columns">Optional feature names along the last dimension (for table inputs such as CSV), or null.</param>
public sealed record TensorSpec(string Name, string Datatype, IReadOnlyList<long> Shape, IReadOnlyList<string>? Columns = null);
