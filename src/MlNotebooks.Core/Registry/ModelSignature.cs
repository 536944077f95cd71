namespace MlNotebooks.Registry;

/// <summary>What a model takes and returns (MLflow's model signature, in tensor form).</summary>
/// <param name="Inputs">Input tensors.</param>
/// <param name="Outputs">Output tensors.</param>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
