using MlNotebooks.Training.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNotebooks.Training.Onnx;

/// <summary>
/// Exports a TorchSharp <see cref="Sequential"/> (nested allowed) of Linear, ReLU, GELU (exact), Tanh, Sigmoid,
/// Dropout, BatchNorm1d, Conv2d, MaxPool2d, Flatten and Softmax to ONNX (opset 13) in inference mode. The feature
/// standardizer and a reshape to the model's input shape are put in front, and for classification a Softmax is
/// appended, so the graph takes raw feature rows [batch, features] and returns class probabilities.
/// </summary>
public static class TorchOnnxExporter
{
    /// <summary>The layer types the exporter understands.</summary>
    public const string SupportedLayers = "Linear, ReLU, GELU, Tanh, Sigmoid, Dropout, BatchNorm1d, Conv2d, MaxPool2d, Flatten, Softmax (in Sequential)";

    /// <summary>Exports; returns the ONNX bytes and the signature.</summary>
    public static (byte[] Onnx, ModelSignature Signature) Export(nn.Module<Tensor, Tensor> model, int features, int classes,
        Standardizer? standardizer = null, IReadOnlyList<long>? inputShape = null, bool appendSoftmax = true) =>
        Export(model, features, classes, standardizer, inputShape, appendSoftmax, null);

    /// <summary>
    /// Exports with the featurization of <paramref name="schema"/> in front (see <see cref="FeaturizerGraph"/>): the
    /// graph then takes one input per raw column, text as strings, missing numbers as NaN.
    /// </summary>
    public static (byte[] Onnx, ModelSignature Signature) Export(nn.Module<Tensor, Tensor> model, int features, int classes,
        Standardizer? standardizer, IReadOnlyList<long>? inputShape, bool appendSoftmax, FeatureSchema? schema, IReadOnlyList<string>? classNames = null)
    {
        var g = new OnnxGraph();
        const string input = "input";
        var x = input;
        List<(string Name, string Dtype, IReadOnlyList<long> Shape)> inputs = [(input, "float32", [-1, features])];
        if (schema is not null)
        {
            if (schema.Width != features) throw MlnbException.State($"the feature schema makes {schema.Width} features but the model was trained on {features}");
            (x, inputs) = FeaturizerGraph.Emit(g, schema);
        }
        if (standardizer is not null)
        {
            x = g.Node("Sub", [x, g.Constant("mean", standardizer.Mean, features)]);
            x = g.Node("Div", [x, g.Constant("std", standardizer.Std, features)]);
        }
        if (inputShape is not null) x = g.Node("Reshape", [x, g.Int64Constant("shape", [-1, .. inputShape])]);
        x = Emit(g, model, x, "model");
        var softmax = classes > 0 && appendSoftmax;
        if (softmax) x = g.Node("Softmax", [x], attributes: ("axis", 1L));
        var outputName = softmax ? "probabilities" : classes > 0 ? "logits" : "prediction";
        x = g.Node("Identity", [x], outputName);
        var width = OutputWidth(model, features, inputShape);
        var sig = new ModelSignature(
            [.. inputs.Select(i => new TensorSpec(i.Name, i.Dtype, i.Shape))],
            [new TensorSpec(x, "float32", [-1, width])],
            "torchsharp", classes > 0 ? "classification" : "regression", classes)
        { Columns = schema?.Columns, ClassNames = classNames };
        var version = typeof(TorchOnnxExporter).Assembly.GetName().Version?.ToString() ?? "0";
        return (g.ToModel("mlnb_torchsharp", inputs, x, sig.Outputs[0].Shape, version), sig);
    }

    private static long OutputWidth(nn.Module<Tensor, Tensor> model, int features, IReadOnlyList<long>? inputShape)
    {
        var wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var p = model.parameters().FirstOrDefault();
        var probe = zeros(inputShape is null ? [1, features] : [1, .. inputShape], device: p?.device);
        var width = model.forward(probe).shape[^1];
        if (wasTraining) model.train();
        return width;
    }

    private static string Emit(OnnxGraph g, nn.Module module, string x, string path)
    {
        switch (module)
        {
            case Sequential seq:
                foreach (var (name, child) in seq.named_children()) x = Emit(g, child, x, $"{path}.{name}");
                return x;
            case Linear l:
                return l.bias is null
                    ? g.Node("Gemm", [x, g.Constant("weight", Floats(l.weight!), l.out_features, l.in_features)], attributes: ("transB", 1L))
                    : g.Node("Gemm", [x, g.Constant("weight", Floats(l.weight!), l.out_features, l.in_features), g.Constant("bias", Floats(l.bias), l.out_features)], attributes: ("transB", 1L));
            case ReLU: return g.Node("Relu", [x]);
            case Tanh: return g.Node("Tanh", [x]);
            case Sigmoid: return g.Node("Sigmoid", [x]);
            case Dropout: return g.Node("Identity", [x]);
            case GELU gelu:
                if (gelu.approximate != GELU.Approximate.none) throw Unsupported(path, $"GELU(approximate={gelu.approximate})");
                {
                    // 0.5 * x * (1 + erf(x / sqrt(2))), as torch computes the exact GELU.
                    var erf = g.Node("Erf", [g.Node("Div", [x, g.Constant("sqrt2", [MathF.Sqrt(2f)], 1)])]);
                    var onePlus = g.Node("Add", [erf, g.Constant("one", [1f], 1)]);
                    return g.Node("Mul", [g.Node("Mul", [x, onePlus]), g.Constant("half", [0.5f], 1)]);
                }
            case BatchNorm1d bn:
                {
                    var c = bn.num_features;
                    var scale = bn.weight is null ? Enumerable.Repeat(1f, (int)c).ToArray() : Floats(bn.weight);
                    var bias = bn.bias is null ? new float[c] : Floats(bn.bias);
                    if (bn.running_mean is null || bn.running_var is null) throw Unsupported(path, "BatchNorm1d without running statistics (track_running_stats=false)");
                    return g.Node("BatchNormalization", [x, g.Constant("bn_scale", scale, c), g.Constant("bn_bias", bias, c), g.Constant("bn_mean", Floats(bn.running_mean), c), g.Constant("bn_var", Floats(bn.running_var), c)],
                        attributes: ("epsilon", (float)bn.eps));
                }
            case Conv2d conv:
                {
                    if (conv.padding_type is not null || conv.padding_mode != TorchSharp.PaddingModes.Zeros) throw Unsupported(path, $"Conv2d(padding={conv.padding_type?.ToString() ?? conv.padding_mode.ToString()})");
                    var w = g.Constant("conv_w", Floats(conv.weight!), [conv.out_channels, conv.in_channels / conv.groups, .. conv.kernel_size]);
                    string[] inputs = conv.bias is null ? [x, w] : [x, w, g.Constant("conv_b", Floats(conv.bias), conv.out_channels)];
                    return g.Node("Conv", inputs, null, ("kernel_shape", conv.kernel_size), ("strides", conv.stride), ("dilations", conv.dilation),
                        ("pads", (long[])[.. conv.padding!, .. conv.padding!]), ("group", conv.groups));
                }
            case MaxPool2d pool:
                {
                    var stride = pool.stride ?? pool.kernel_size;
                    var pad = pool.padding ?? [0, 0];
                    var dil = pool.dilation ?? [1, 1];
                    return g.Node("MaxPool", [x], null, ("kernel_shape", pool.kernel_size), ("strides", stride), ("pads", (long[])[.. pad, .. pad]),
                        ("dilations", dil), ("ceil_mode", pool.ceil_mode ? 1L : 0L));
                }
            case Flatten f:
                if (f.start_dim != 1 || f.end_dim != -1) throw Unsupported(path, $"Flatten(start_dim={f.start_dim}, end_dim={f.end_dim})");
                return g.Node("Flatten", [x], attributes: ("axis", 1L));
            case Softmax s:
                return g.Node("Softmax", [x], attributes: ("axis", s.dim));
            default:
                throw Unsupported(path, module.GetType().Name);
        }
    }

    private static MlnbException Unsupported(string path, string what) =>
        MlnbException.Invalid($"cannot export layer '{path}' ({what}) to ONNX; the exporter supports {SupportedLayers}");

    private static float[] Floats(Tensor t)
    {
        using var c = t.detach().cpu().to_type(ScalarType.Float32).contiguous();
        return c.data<float>().ToArray();
    }
}
