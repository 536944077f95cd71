using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlNotebooks.Training.Torch;

/// <summary>A one-line description of a module tree and its parameter count, logged as params.</summary>
public static class ModelSummary
{
    /// <summary>E.g. <c>Sequential(Linear(30→16), ReLU, Linear(16→2))</c>.</summary>
    public static string Describe(nn.Module module)
    {
        var children = module.named_children().ToList();
        var name = module.GetType().Name;
        var self = module switch
        {
            Linear l => $"Linear({l.in_features}→{l.out_features})",
            Conv2d c => $"Conv2d({c.in_channels}→{c.out_channels}, k={string.Join('x', c.kernel_size)})",
            BatchNorm1d b => $"BatchNorm1d({b.num_features})",
            Dropout d => $"Dropout({d.p})",
            _ => name,
        };
        if (children.Count == 0) return self;
        var inner = string.Join(", ", children.Select(c => Describe(c.module)));
        var text = $"{name}({inner})";
        return text.Length <= 480 ? text : text[..477] + "...";
    }

    /// <summary>Trainable parameters.</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
}
