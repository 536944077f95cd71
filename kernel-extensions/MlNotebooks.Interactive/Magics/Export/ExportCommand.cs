using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Export;

#pragma warning disable CS1591 // bound by the kernel; documented by the directive declaration in ExportMagic

/// <summary><c>#!export NOTEBOOK [--out DIR] [--name NAME] [--model NAME] [--force]</c>.</summary>
public sealed class ExportCommand : KernelDirectiveCommand
{
    public string? Notebook { get; set; }
    public string? Out { get; set; }
    public string? Name { get; set; }
    public string? Model { get; set; }
    public bool Force { get; set; }
}
