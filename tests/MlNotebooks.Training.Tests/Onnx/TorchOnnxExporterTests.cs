using MlNotebooks.Training.Data;
using MlNotebooks.Training.Onnx;
using MlNotebooks.Training.Tests.Support;
using MlNotebooks.Training.Torch;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNotebooks.Training.Tests.Onnx;

public sealed class TorchOnnxExporterTests
{
    [Fact]
    public void Export_OfEverySupportedDenseLayer_MatchesTorchInOnnxRuntime_AndPassesTheChecker()
    {
        var data = TestData.BreastCancer();
        manual_seed(1);
        var model = Sequential(("fc1", Linear(30, 12)), ("bn", BatchNorm1d(12)), ("gelu", GELU()), ("drop", Dropout(0.5)), ("fc2", Linear(12, 12)),
            ("relu", ReLU()), ("inner", Sequential(("tanh", Tanh()), ("fc3", Linear(12, 12, hasBias: false)), ("sig", Sigmoid()))), ("out", Linear(12, 3)), ("soft", Softmax(1)));
        model.train();
        using (no_grad()) model.forward(randn(64, 30)); // moves BatchNorm's running statistics off their defaults
        var scaler = Standardizer.Fit(data);

        var (onnx, sig) = TorchOnnxExporter.Export(model, 30, 0, scaler);
        var expected = TorchPredictor.Predict(model, data, scaler, null, softmax: false);

        Assert.True(OnnxVerifier.Verify(onnx, data.Features, 30, expected) <= 1e-5);
        Assert.Equal("prediction", sig.Outputs[0].Name);
        Assert.Equal([-1L, 3L], sig.Outputs[0].Shape);
        var (code, output) = OnnxChecker.Check(onnx);
        Assert.True(code == 0, output);
        Assert.Contains("ok 13", output);
    }

    [Fact]
    public void Export_OfAnUnsupportedLayer_NamesTheLayerAndItsType()
    {
        var model = Sequential(("fc", Linear(4, 4)), ("norm", LayerNorm(4)), ("out", Linear(4, 2)));

        var e = Assert.Throws<MlnbException>(() => TorchOnnxExporter.Export(model, 4, 2));
        Assert.Contains("layer 'model.norm' (LayerNorm)", e.Message);
        Assert.Contains("supports Linear", e.Message);
    }

    [Fact]
    public void Verify_WhenOnnxDisagreesWithTheFramework_NamesTheValue()
    {
        var (onnx, _) = TorchOnnxExporter.Export(Sequential(("fc", Linear(2, 1))), 2, 0);
        var rows = new float[] { 1, 2, 3, 4 };
        var actual = OnnxVerifier.Run(onnx, rows, 2);

        var e = Assert.Throws<MlnbException>(() => OnnxVerifier.Verify(onnx, rows, 2, [actual[0], actual[1] + 0.01f]));
        Assert.Contains("value 1 is", e.Message);
    }
}
