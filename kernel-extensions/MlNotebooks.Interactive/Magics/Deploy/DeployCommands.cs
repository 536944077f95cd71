using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Deploy;

// The kernel binds a directive's parameters to these types by name (--some-value → SomeValue), as JSON.
#pragma warning disable CS1591 // bound by the kernel; documented by the directive declarations in DeployMagic

/// <summary><c>#!deploy</c> alone.</summary>
public sealed class DeployCommand : KernelDirectiveCommand { }

/// <summary><c>#!deploy start models:/NAME@ALIAS [--port P] [--name N]</c>.</summary>
public sealed class DeployStartCommand : KernelDirectiveCommand
{
    public string? Model { get; set; }
    public int? Port { get; set; }
    public string? Name { get; set; }
}

/// <summary><c>#!deploy status</c>.</summary>
public sealed class DeployStatusCommand : KernelDirectiveCommand { }

/// <summary><c>#!deploy metrics [NAME] [--watch SECONDS]</c>.</summary>
public sealed class DeployMetricsCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
    public int? Watch { get; set; }
}

/// <summary><c>#!deploy stop [NAME|--all]</c>.</summary>
public sealed class DeployStopCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
    public bool All { get; set; }
}
