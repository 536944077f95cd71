using System.Text.Json.Serialization;
using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Onnx;

/// <summary>One named tensor of a model's signature; -1 in <see cref="Shape"/> is a free (batch) dimension.</summary>
/// <param name="Name">The ONNX graph input or output name.</param>
/// <param name="Dtype">Element type, numpy style (<c>float32</c>, <c>int64</c>, <c>bool</c>, <c>string</c>).</param>
/// <param name="Shape">Dimensions.</param>
public sealed record TensorSpec(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("dtype")] string Dtype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape);

/// <summary>What a model takes and returns, saved as <c>signature.json</c> and in the MLflow <c>MLmodel</c> file.</summary>
/// <param name="Inputs">Graph inputs.</param>
/// <param name="Outputs">Graph outputs.</param>
/// <param name="Framework"><c>torchsharp</c> or <c>mlnet</c>.</param>
/// <param name="Task"><c>classification</c> or <c>regression</c>.</param>
/// <param name="Classes">Class count for classification, else 0.</param>
public sealed record ModelSignature(
    [property: JsonPropertyName("inputs")] IReadOnlyList<TensorSpec> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<TensorSpec> Outputs,
    [property: JsonPropertyName("framework")] string Framework,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("classes")] int Classes)
{
    /// <summary>The raw columns the model takes and how each becomes features (type, categories, fill), when it featurizes.</summary>
    [JsonPropertyName("columns")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FeatureColumn>? Columns { get; init; }

    /// <summary>The class names, when the label was text (output i is class ClassNames[i]).</summary>
    [JsonPropertyName("class_names")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ClassNames { get; init; }
}
