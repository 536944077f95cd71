using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Onnx;

/// <summary>
/// The front of an exported graph for data with a <see cref="FeatureSchema"/>: one input per raw column (numbers
/// float32 [batch, 1], text string [batch, 1]) turned into the features the model was trained on, as
/// <see cref="TabularData"/> computes them. A number: <c>Where(IsNaN(x), median, x)</c>, then <c>Cast(IsNaN(x))</c>
/// as the missing indicator when the column has one. A category: ai.onnx.ml LabelEncoder (known categories to
/// 0..K-1, anything else to K), then <c>Equal</c> against 0..K as one-hot floats, the last being the unknown bucket.
/// </summary>
internal static class FeaturizerGraph
{
    /// <summary>Adds the front; returns the [batch, features] float value and the graph inputs.</summary>
    public static (string Features, List<(string Name, string Dtype, IReadOnlyList<long> Shape)> Inputs) Emit(OnnxGraph g, FeatureSchema schema)
    {
        if (!schema.Fitted) throw MlnbException.State("the feature schema has no training medians yet; impute the training rows (TabularData.ImputeMissing) before exporting");
        var pieces = new List<string>();
        var inputs = new List<(string, string, IReadOnlyList<long>)>();
        foreach (var c in schema.Columns)
        {
            if (c.IsCategory)
            {
                inputs.Add((c.Name, "string", [-1, 1]));
                var k = c.Categories.Count;
                var index = g.DomainNode(OnnxGraph.MlDomain, "LabelEncoder", [c.Name], null,
                    ("keys_strings", c.Categories.ToArray()), ("values_int64s", Enumerable.Range(0, k).Select(i => (long)i).ToArray()), ("default_int64", (long)k));
                var hot = g.Node("Equal", [index, g.Int64Constant("levels", [.. Enumerable.Range(0, k + 1).Select(i => (long)i)])]);
                pieces.Add(g.Node("Cast", [hot], attributes: ("to", 1L)));
            }
            else
            {
                inputs.Add((c.Name, "float32", [-1, 1]));
                var nan = g.Node("IsNaN", [c.Name]);
                pieces.Add(g.Node("Where", [nan, g.Constant("median", [c.Fill], 1), c.Name]));
                if (c.MissingIndicator) pieces.Add(g.Node("Cast", [nan], attributes: ("to", 1L)));
            }
        }
        return (pieces.Count == 1 ? pieces[0] : g.Node("Concat", [.. pieces], attributes: ("axis", 1L)), inputs);
    }
}
