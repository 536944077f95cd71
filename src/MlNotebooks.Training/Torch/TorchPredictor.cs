using MlNotebooks.Training.Data;
using static TorchSharp.torch;

namespace MlNotebooks.Training.Torch;

/// <summary>Runs a trained module on raw feature rows the way the exported ONNX graph does (standardize, reshape, softmax).</summary>
public static class TorchPredictor
{
    /// <summary>Outputs for the rows of <paramref name="data"/>, flattened row-major.</summary>
    public static float[] Predict(nn.Module<Tensor, Tensor> model, TabularData data, Standardizer? standardizer, IReadOnlyList<long>? inputShape, bool softmax)
    {
        var wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var device = model.parameters().FirstOrDefault()?.device ?? CPU;
        var x = TorchTrainer.ToFeatures(data, standardizer, new TorchTrainerOptions { InputShape = inputShape }, device);
        var y = model.forward(x);
        if (softmax) y = y.softmax(1);
        var result = y.cpu().contiguous().data<float>().ToArray();
        if (wasTraining) model.train();
        return result;
    }
}
