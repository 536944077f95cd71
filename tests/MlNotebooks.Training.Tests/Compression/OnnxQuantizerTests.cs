using MlNotebooks.Training.Compression;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNotebooks.Training.Tests.Compression;

/// <summary>The ONNX rewrite itself: quantized graphs run in ONNX Runtime close to the float model, pass the checker, and keep every other node.</summary>
public sealed class OnnxQuantizerTests
{
    private static (byte[] Onnx, TabularData Data) Mlp()
    {
        var data = TestData.BreastCancer();
        manual_seed(3);
        var model = Models.Mlp(30, 24, 2);
        model.eval();
        var (onnx, _) = TorchOnnxExporter.Export(model, 30, 2, Standardizer.Fit(data));
        return (onnx, data);
    }

    private static float MaxAbsDiff(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    [Fact]
    public void ParsingAndWritingAModel_GivesBackTheSameBytes()
    {
        var (onnx, _) = Mlp();

        Assert.Equal(onnx, OnnxDocument.Parse(onnx, "the model").ToArray());
    }

    [Fact]
    public void DynamicQuantization_RewritesEveryGemm_KeepsEveryOtherNodeByteForByte_AndStaysCloseToTheFloatModel()
    {
        var (onnx, data) = Mlp();
        var doc = OnnxDocument.Parse(onnx, "the model");
        var others = doc.Nodes.Where(n => n.OpType != "Gemm").Select(n => n.Message.ToArray()).ToList();
        var weights = OnnxQuantizer.Candidates(doc).Sum(c => c.Weight.Floats()!.Length);

        Assert.Equal(3, OnnxQuantizer.Quantize(doc, QuantizeMode.Dynamic));
        var quantized = doc.ToArray();

        var after = OnnxDocument.Parse(quantized, "the quantized model");
        Assert.DoesNotContain(after.Nodes, n => n.OpType == "Gemm");
        Assert.Equal(3, after.Nodes.Count(n => n.OpType == "MatMulInteger"));
        Assert.Equal(3, after.Nodes.Count(n => n.OpType == "DynamicQuantizeLinear"));
        var kept = after.Nodes.Select(n => Convert.ToBase64String(n.Message.ToArray())).ToHashSet();
        Assert.All(others, o => Assert.Contains(Convert.ToBase64String(o), kept));
        Assert.Equal(3, after.Initializers.Count(t => t.DataType == OnnxTensor.Int8Type && t.Dims.Length == 2));
        Assert.DoesNotContain(after.Initializers, t => t.DataType == OnnxTensor.FloatType && t.Dims.Length == 2); // float weights dropped
        var diff = MaxAbsDiff(OnnxVerifier.Run(onnx, data.Features, 30), OnnxVerifier.Run(quantized, data.Features, 30));
        Assert.True(diff < 0.05, $"largest probability difference {diff}");
        // 3 of every weight's 4 bytes go; the scales and the new nodes take back less than half of that.
        Assert.Equal(weights, after.Initializers.Where(t => t.DataType == OnnxTensor.Int8Type).Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b)) - 3);
        Assert.True(onnx.Length - quantized.Length > 1.5 * weights, $"{quantized.Length} bytes vs {onnx.Length} for {weights} weights");
        var (code, output) = OnnxChecker.Check(quantized);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void StaticQuantization_UsesCalibratedScales_AndStaysCloseToTheFloatModel()
    {
        var (onnx, data) = Mlp();
        var doc = OnnxDocument.Parse(onnx, "the model");
        var activations = OnnxQuantizer.Candidates(doc).Select(c => c.Activation).ToList();
        var ranges = OnnxCalibrator.Ranges(onnx, activations, new CompressionData(data.Features, null, 30, "calibration"));

        Assert.Equal(3, OnnxQuantizer.Quantize(doc, QuantizeMode.Static, ranges));
        var quantized = doc.ToArray();

        var after = OnnxDocument.Parse(quantized, "the quantized model");
        Assert.Equal(3, after.Nodes.Count(n => n.OpType == "QuantizeLinear"));
        Assert.DoesNotContain(after.Nodes, n => n.OpType == "DynamicQuantizeLinear");
        Assert.All(ranges.Values, r => Assert.True(r.Min < r.Max));
        var diff = MaxAbsDiff(OnnxVerifier.Run(onnx, data.Features, 30), OnnxVerifier.Run(quantized, data.Features, 30));
        Assert.True(diff < 0.05, $"largest probability difference {diff}");
        var (code, output) = OnnxChecker.Check(quantized);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void AGemmWhoseWeightIsComputed_AndNodesOfOtherDomains_PassThroughUnchanged()
    {
        // x -> Gemm(W1) -> h ; W2' = Identity(W2) ; Gemm(h, W2') -> y : only the first Gemm has an initializer weight.
        var g = new OnnxGraph();
        var w1 = g.Constant("w1", [.. Enumerable.Range(0, 12).Select(i => i / 10f - 0.5f)], 3, 4);
        var h = g.Node("Gemm", ["input", w1], attributes: ("transB", 1L));
        var w2 = g.Node("Identity", [g.Constant("w2", [.. Enumerable.Range(0, 6).Select(i => i / 5f - 0.4f)], 2, 3)]);
        var y = g.Node("Gemm", [h, w2], "output", ("transB", 1L));
        var onnx = g.ToModel("mixed", "input", [-1, 4], y, [-1, 2], "test");
        var doc = OnnxDocument.Parse(onnx, "the model");
        var secondGemm = doc.Nodes.Last().Message.ToArray();

        Assert.Equal(1, OnnxQuantizer.Quantize(doc, QuantizeMode.Dynamic));
        var quantized = doc.ToArray();

        var after = OnnxDocument.Parse(quantized, "the quantized model");
        Assert.Equal(secondGemm, after.Nodes.Last().Message.ToArray());
        Assert.Contains(after.Nodes, n => n.OpType == "Identity");
        float[] rows = [0.1f, 0.2f, -0.3f, 0.4f, 1, -1, 0.5f, 0.25f];
        Assert.True(MaxAbsDiff(OnnxVerifier.Run(onnx, rows, 4), OnnxVerifier.Run(quantized, rows, 4)) < 0.02);
        Assert.Equal(0, OnnxChecker.Check(quantized).ExitCode);
    }

    [Fact]
    public void Pruning_ZeroesTheSmallestHalfOfEachWeight_AndTheModelStillRuns()
    {
        var (onnx, data) = Mlp();
        var doc = OnnxDocument.Parse(onnx, "the model");

        var sparsity = OnnxPruner.Prune(doc, 0.5);
        var pruned = doc.ToArray();

        Assert.Equal(0.5, sparsity, 2);
        foreach (var c in OnnxQuantizer.Candidates(OnnxDocument.Parse(pruned, "the pruned model")))
        {
            var w = c.Weight.Floats()!;
            Assert.Equal(Math.Round(w.Length * 0.5), w.Count(v => v == 0f));
        }
        Assert.Equal(data.Rows * 2, OnnxVerifier.Run(pruned, data.Features, 30).Length);
        Assert.Equal(0, OnnxChecker.Check(pruned).ExitCode);
        Assert.Throws<MlnbException>(() => OnnxPruner.Prune(OnnxDocument.Parse(onnx, "m"), 1.0));
    }

    [Fact]
    public void BytesThatAreNotOnnx_AreRefusedWithTheirName()
    {
        var e = Assert.Throws<MlnbException>(() => OnnxDocument.Parse("not a model at all"u8.ToArray(), "models:/x/1"));

        Assert.Contains("models:/x/1", e.Message);
    }
}
