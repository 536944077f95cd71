using MlNotebooks.Registry;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Serving.Hosting;

/// <summary>An answer: which version gave it, as which variant, and the outputs asked for.</summary>
internal sealed record InferOutcome(ModelVersion Version, string Variant, Tensor[] Outputs);
