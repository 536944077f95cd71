namespace MlNotebooks.Training.Compression;

/// <summary>How a model's MatMul/Gemm activations are quantized.</summary>
public enum QuantizeMode
{
    /// <summary>No quantization.</summary>
    None,

    /// <summary>Activations quantized per call from their own range (DynamicQuantizeLinear), as onnxruntime's quantize_dynamic does.</summary>
    Dynamic,

    /// <summary>Activations quantized with fixed scales measured on calibration data (QuantizeLinear).</summary>
    Static,
}

/// <summary>A MatMul or Gemm node whose weight is a 2-D float initializer: what the compressor can quantize or prune.</summary>
/// <param name="Node">The node.</param>
/// <param name="Activation">The input that is not the weight (quantized at run time).</param>
/// <param name="Weight">The weight initializer.</param>
/// <param name="TransposedWeight">True for Gemm with transB=1 (weight stored [N, K]).</param>
internal sealed record WeightedNode(OnnxNode Node, string Activation, OnnxTensor Weight, bool TransposedWeight);

/// <summary>
/// Rewrites MatMul/Gemm nodes with float weight initializers to integer arithmetic: weights become int8 per output
/// column (symmetric, zero point 0), activations uint8. Dynamic: DynamicQuantizeLinear → MatMulInteger → Cast → Mul
/// by (activation scale × weight scales), the pattern onnxruntime.quantization writes and ONNX Runtime fuses into
/// DynamicQuantizeMatMul. Static: the same with QuantizeLinear and a fixed activation scale and zero point from
/// calibration. A Gemm's bias (× beta) is added after; alpha folds into the weight scales. Every other node, and any
/// MatMul/Gemm it cannot rewrite (transA=1, a weight that is not a float initializer), passes through unchanged.
/// </summary>
internal static class OnnxQuantizer
{
    /// <summary>The MatMul/Gemm nodes of the main graph with a 2-D float initializer as weight.</summary>
    public static List<WeightedNode> Candidates(OnnxDocument doc)
    {
        var list = new List<WeightedNode>();
        foreach (var n in doc.Nodes)
        {
            if (!n.IsDefaultDomain || n.Inputs.Count < 2) continue;
            if (n.OpType == "Gemm")
            {
                if (n.IntAttribute("transA", 0) != 0) continue;
                if (doc.Initializer(n.Inputs[1]) is { Dims.Length: 2, DataType: OnnxTensor.FloatType, IsExternal: false } w && doc.Initializer(n.Inputs[0]) is null)
                    list.Add(new WeightedNode(n, n.Inputs[0], w, n.IntAttribute("transB", 0) != 0));
            }
            else if (n.OpType == "MatMul"
                && doc.Initializer(n.Inputs[1]) is { Dims.Length: 2, DataType: OnnxTensor.FloatType, IsExternal: false } w && doc.Initializer(n.Inputs[0]) is null
                && !IsRowSum(w))
                list.Add(new WeightedNode(n, n.Inputs[0], w, false));
        }
        return list;
    }

    /// <summary>A [k, 1] weight of ones: a featurizer's row sum (the unknown-category bucket), no learned layer to compress.</summary>
    private static bool IsRowSum(OnnxTensor w) => w.Dims[1] == 1 && w.Floats() is { } v && v.All(x => x == 1f);

    /// <summary>
    /// Quantizes every candidate; <paramref name="ranges"/> (min, max of each activation over calibration data) is
    /// required for <see cref="QuantizeMode.Static"/>. Returns how many nodes were rewritten.
    /// </summary>
    public static int Quantize(OnnxDocument doc, QuantizeMode mode, IReadOnlyDictionary<string, (float Min, float Max)>? ranges = null)
    {
        if (mode == QuantizeMode.None) return 0;
        var candidates = Candidates(doc);
        var names = doc.Names();
        string Fresh(string prefix)
        {
            var name = prefix;
            for (var i = 1; !names.Add(name); i++) name = $"{prefix}_{i}";
            return name;
        }
        // One quantized copy of each activation, shared by the nodes that read it.
        var quantized = new Dictionary<string, (string Q, string Scale, string ZeroPoint, float? StaticScale)>(StringComparer.Ordinal);
        var replaced = new Dictionary<OnnxNode, List<OnnxNode>>();
        foreach (var c in candidates)
        {
            var n = c.Node;
            var prefix = n.Outputs[0];
            var nodes = new List<OnnxNode>();
            if (!quantized.TryGetValue(c.Activation, out var a))
            {
                var q = Fresh(c.Activation + "_q");
                var scale = Fresh(c.Activation + "_s");
                var zp = Fresh(c.Activation + "_zp");
                if (mode == QuantizeMode.Dynamic)
                {
                    nodes.Add(OnnxNode.Create("DynamicQuantizeLinear", Fresh(prefix + "_dql"), [c.Activation], [q, scale, zp]));
                    a = (q, scale, zp, null);
                }
                else
                {
                    if (ranges is null || !ranges.TryGetValue(c.Activation, out var r))
                        throw new MlnbException(ErrorCode.InternalError, $"no calibration range for '{c.Activation}'");
                    var (s, z) = ActivationParameters(r.Min, r.Max);
                    doc.Initializers.Add(OnnxTensor.Create(scale, OnnxTensor.FloatType, [s]));
                    doc.Initializers.Add(OnnxTensor.Create(zp, OnnxTensor.UInt8Type, [z]));
                    nodes.Add(OnnxNode.Create("QuantizeLinear", Fresh(prefix + "_ql"), [c.Activation, scale, zp], [q]));
                    a = (q, scale, zp, s);
                }
                quantized[c.Activation] = a;
            }
            var alpha = n.OpType == "Gemm" ? n.FloatAttribute("alpha", 1f) : 1f;
            var (wq, wScale, k, cols) = QuantizeWeight(c.Weight, c.TransposedWeight, alpha);
            var wName = Fresh(c.Weight.Name + "_q");
            var wZp = Fresh(c.Weight.Name + "_zp");
            doc.Initializers.Add(OnnxTensor.Create(wName, OnnxTensor.Int8Type, wq, k, cols));
            doc.Initializers.Add(OnnxTensor.Create(wZp, OnnxTensor.Int8Type, [(sbyte)0]));
            var integer = Fresh(prefix + "_mmi_out");
            nodes.Add(OnnxNode.Create("MatMulInteger", Fresh(prefix + "_mmi"), [a.Q, wName, a.ZeroPoint, wZp], [integer]));
            var asFloat = Fresh(prefix + "_f");
            nodes.Add(OnnxNode.Create("Cast", Fresh(prefix + "_cast"), [integer], [asFloat], ("to", OnnxTensor.FloatType)));
            string scales;
            if (a.StaticScale is { } fixedScale)
            {
                scales = Fresh(prefix + "_scales");
                doc.Initializers.Add(OnnxTensor.Create(scales, OnnxTensor.FloatType, wScale.Select(w => w * fixedScale).ToArray(), cols));
            }
            else
            {
                var wScaleName = Fresh(c.Weight.Name + "_s");
                doc.Initializers.Add(OnnxTensor.Create(wScaleName, OnnxTensor.FloatType, wScale, cols));
                scales = Fresh(prefix + "_scales");
                nodes.Add(OnnxNode.Create("Mul", Fresh(prefix + "_scales_mul"), [a.Scale, wScaleName], [scales]));
            }
            var bias = n.OpType == "Gemm" && n.Inputs.Count > 2 && n.Inputs[2].Length > 0 ? n.Inputs[2] : null;
            var output = n.Outputs[0];
            var product = bias is null ? output : Fresh(prefix + "_p");
            nodes.Add(OnnxNode.Create("Mul", Fresh(prefix + "_mul"), [asFloat, scales], [product]));
            if (bias is not null)
            {
                var beta = n.FloatAttribute("beta", 1f);
                if (beta != 1f)
                {
                    var betaName = Fresh(prefix + "_beta");
                    doc.Initializers.Add(OnnxTensor.Create(betaName, OnnxTensor.FloatType, [beta]));
                    var scaledBias = Fresh(prefix + "_bias");
                    nodes.Add(OnnxNode.Create("Mul", Fresh(prefix + "_beta_mul"), [bias, betaName], [scaledBias]));
                    bias = scaledBias;
                }
                nodes.Add(OnnxNode.Create("Add", Fresh(prefix + "_add"), [product, bias], [output]));
            }
            replaced[n] = nodes;
        }
        var rewritten = new List<OnnxNode>();
        foreach (var n in doc.Nodes) rewritten.AddRange(replaced.TryGetValue(n, out var r) ? r : [n]);
        doc.Nodes.Clear();
        doc.Nodes.AddRange(rewritten);
        doc.RemoveUnusedInitializers();
        return candidates.Count;
    }

    /// <summary>uint8 scale and zero point covering [min, max] (widened to include 0, as ONNX Runtime's calibration does).</summary>
    internal static (float Scale, byte ZeroPoint) ActivationParameters(float min, float max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        var scale = (max - min) / 255f;
        if (scale <= 0 || float.IsNaN(scale) || float.IsInfinity(scale)) return (1f, 0);
        var zp = (byte)Math.Clamp(MathF.Round(-min / scale), 0, 255);
        return (scale, zp);
    }

    /// <summary>The weight as int8 [K, N] with one scale per output column (max |w| / 127), alpha folded into the scales.</summary>
    private static (sbyte[] Values, float[] Scales, long K, long N) QuantizeWeight(OnnxTensor weight, bool transposed, float alpha)
    {
        var w = weight.Floats() ?? throw new MlnbException(ErrorCode.InternalError, $"weight '{weight.Name}' has no inline float data");
        long rows = weight.Dims[0], cols = weight.Dims[1];
        var (k, n) = transposed ? (cols, rows) : (rows, cols);
        float At(long i, long j) => transposed ? w[j * cols + i] : w[i * cols + j]; // element [i of K, j of N]
        var scales = new float[n];
        var q = new sbyte[k * n];
        for (long j = 0; j < n; j++)
        {
            float max = 0;
            for (long i = 0; i < k; i++) max = Math.Max(max, Math.Abs(At(i, j)));
            var s = max > 0 ? max / 127f : 1f;
            for (long i = 0; i < k; i++) q[i * n + j] = (sbyte)Math.Clamp(MathF.Round(At(i, j) / s), -127, 127);
            scales[j] = s * alpha;
        }
        return (q, scales, k, n);
    }
}
