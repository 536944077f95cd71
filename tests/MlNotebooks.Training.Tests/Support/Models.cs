using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace MlNotebooks.Training.Tests.Support;

public static class Models
{
    public static nn.Module<Tensor, Tensor> Mlp(int inputs, int hidden, int outputs) =>
        Sequential(("fc1", Linear(inputs, hidden)), ("bn", BatchNorm1d(hidden)), ("act", GELU()), ("drop", Dropout(0.1)), ("fc2", Linear(hidden, hidden)), ("tanh", Tanh()), ("out", Linear(hidden, outputs)));

    public static nn.Module<Tensor, Tensor> DigitsCnn() =>
        Sequential(
            ("conv1", Conv2d(1, 8, 3, padding: 1)), ("relu1", ReLU()), ("pool", MaxPool2d(2)),
            ("flat", Flatten()), ("fc", Linear(8 * 4 * 4, 32)), ("sig", Sigmoid()), ("out", Linear(32, 10)));

    /// <summary>An identity layer that starts returning NaN after a number of forward calls in training mode.</summary>
    public sealed class NaNAfter(int calls) : nn.Module<Tensor, Tensor>("nan_after")
    {
        private int _calls;

        public override Tensor forward(Tensor input) => training && ++_calls > calls ? input * float.NaN : input.alias();
    }
}
