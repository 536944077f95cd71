using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Data;

// The kernel binds a directive's parameters to these types by name (--some-value → SomeValue), as JSON.
#pragma warning disable CS1591 // bound by the kernel; documented by the directive declarations in DataMagic

/// <summary><c>#!data</c> alone.</summary>
public sealed class DataCommand : KernelDirectiveCommand { }

/// <summary><c>#!data add PATH …</c>.</summary>
public sealed class DataAddCommand : KernelDirectiveCommand
{
    public string? Paths { get; set; }
}

/// <summary><c>#!data status</c>.</summary>
public sealed class DataStatusCommand : KernelDirectiveCommand { }

/// <summary><c>#!data checkout [PATH] [--force]</c>.</summary>
public sealed class DataCheckoutCommand : KernelDirectiveCommand
{
    public string? Path { get; set; }
    public bool Force { get; set; }
}

/// <summary><c>#!data ls</c>.</summary>
public sealed class DataLsCommand : KernelDirectiveCommand { }

/// <summary><c>#!data diff [--a REV] [--b REV]</c>.</summary>
public sealed class DataDiffCommand : KernelDirectiveCommand
{
    public string? A { get; set; }
    public string? B { get; set; }
}

/// <summary><c>#!data push [PATH] [--remote NAME]</c>.</summary>
public sealed class DataPushCommand : KernelDirectiveCommand
{
    public string? Path { get; set; }
    public string? Remote { get; set; }
}

/// <summary><c>#!data pull [PATH] [--remote NAME]</c> (each subcommand needs its own type: the kernel routes by type).</summary>
public sealed class DataPullCommand : KernelDirectiveCommand
{
    public string? Path { get; set; }
    public string? Remote { get; set; }
}

/// <summary><c>#!data fetch [PATH] [--remote NAME]</c>.</summary>
public sealed class DataFetchCommand : KernelDirectiveCommand
{
    public string? Path { get; set; }
    public string? Remote { get; set; }
}

/// <summary><c>#!data gc [--workspace] [--dry-run]</c>.</summary>
public sealed class DataGcCommand : KernelDirectiveCommand
{
    public bool Workspace { get; set; }
    public bool DryRun { get; set; }
}

/// <summary><c>#!data remote [NAME URL] [--default] [--force]</c>.</summary>
public sealed class DataRemoteCommand : KernelDirectiveCommand
{
    public string? Name { get; set; }
    public bool Default { get; set; }
    public bool Force { get; set; }
}

/// <summary><c>#!data use PATH …</c>.</summary>
public sealed class DataUseCommand : KernelDirectiveCommand
{
    public string? Paths { get; set; }
}
