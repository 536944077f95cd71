using MlNotebooks.Training.Data;

namespace MlNotebooks.Training.Onnx;

/// <summary>
/// The front of an exported graph for data with a <see cref="FeatureSchema"/>: one input per raw column (numbers
/// float32 [batch, 1], text string [batch, 1]) turned into the features the model was trained on, as
/// <see cref="TabularData"/> computes them. A number: <c>Where(IsNaN(x), median, x)</c>, then <c>Cast(IsNaN(x))</c>
/// as the missing indicator when the column has one. A category: ai.onnx.ml OneHotEncoder (version 1, all zeros for
/// an unknown category), reshaped to [batch, K], then 1 − its row sum as the unknown bucket. Only operators of
/// default-domain opset 9 and later are used, so the front also fits in front of ML.NET's exported graph.
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
                // OneHotEncoder [batch, 1] → [batch, 1, K], all zeros for a category it does not know; the bucket is 1 − row sum.
                var hot = g.DomainNode(OnnxGraph.MlDomain, "OneHotEncoder", [c.Name], null, ("cats_strings", c.Categories.ToArray()), ("zeros", 1L));
                g.DeclareFloat(hot, -1, 1, k);
                var known = g.Node("Reshape", [hot, g.Int64Constant("shape", [-1, k])]);
                var count = g.Node("MatMul", [known, g.Constant("ones", [.. Enumerable.Repeat(1f, k)], k, 1)]);
                pieces.Add(known);
                pieces.Add(g.Node("Sub", [g.Constant("one", [1f], 1), count]));
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
