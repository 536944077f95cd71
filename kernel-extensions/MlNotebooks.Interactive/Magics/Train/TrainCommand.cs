using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Train;

// The kernel binds the directive's parameters to this type by name (--some-value → SomeValue), as JSON. The repeatable
// --param values are read from the line's own words (DirectiveText), as #!track param does.
#pragma warning disable CS1591 // bound by the kernel; documented by the directive declaration in TrainMagic

/// <summary><c>#!train [DEFINITION.cs] [--device D] [--epochs N] [--dtype T] [--param k=v …] [--data PATH] [--label COL] [--features A,B] [--task T] [--experiment X] [--name R]</c>.</summary>
public sealed class TrainCommand : KernelDirectiveCommand
{
    public string? Definition { get; set; }
    public string? Device { get; set; }
    public int? Epochs { get; set; }
    public string? Dtype { get; set; }
    public string? Data { get; set; }
    public string? Label { get; set; }
    public string? Features { get; set; }
    public string? Task { get; set; }
    public string? Experiment { get; set; }
    public string? Name { get; set; }
}
