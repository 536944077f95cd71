using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Registry;

// The kernel binds a directive's parameters to these types by name (--some-value → SomeValue), as JSON.
#pragma warning disable CS1591 // bound by the kernel; documented by the directive declarations in RegistryMagic

/// <summary><c>#!registry</c> alone.</summary>
public sealed class RegistryCommand : KernelDirectiveCommand { }

/// <summary><c>#!registry register --name NAME [--artifact PATH] [--run ID]</c>.</summary>
public sealed class RegistryRegisterCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
    public string? Artifact { get; set; }
    public string? Run { get; set; }
}

/// <summary><c>#!registry list</c>.</summary>
public sealed class RegistryListCommand : KernelDirectiveCommand { }

/// <summary><c>#!registry show NAME</c>.</summary>
public sealed class RegistryShowCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
}

/// <summary><c>#!registry promote NAME --version N --to ALIAS [--reason TEXT]</c>.</summary>
public sealed class RegistryPromoteCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
    public int? Version { get; set; }
    public string? To { get; set; }
    public string? Reason { get; set; }
}

/// <summary><c>#!registry approve NAME --version N [--for ALIAS] [--reject] [--reason TEXT]</c>.</summary>
public sealed class RegistryApproveCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
    public int? Version { get; set; }
    public string? For { get; set; }
    public bool Reject { get; set; }
    public string? Reason { get; set; }
}

/// <summary><c>#!registry rollback NAME --alias ALIAS [--reason TEXT]</c>.</summary>
public sealed class RegistryRollbackCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
    public string? Alias { get; set; }
    public string? Reason { get; set; }
}
