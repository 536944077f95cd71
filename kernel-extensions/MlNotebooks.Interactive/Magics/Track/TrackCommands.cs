using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Track;

// The kernel binds a directive's parameters to these types by name (--some-value → SomeValue), as JSON.
#pragma warning disable CS1591 // bound by the kernel; documented by the directive declarations in TrackMagic

/// <summary><c>#!track</c> alone.</summary>
public sealed class TrackCommand : KernelDirectiveCommand { }

/// <summary><c>#!track start</c>.</summary>
public sealed class TrackStartCommand : KernelDirectiveCommand
{
    public string? Experiment { get; set; }
    public string? Name { get; set; }
    public bool Nested { get; set; }
}

/// <summary><c>#!track param k=v …</c>.</summary>
public sealed class TrackParamCommand : KernelDirectiveCommand
{
    public string? Values { get; set; }
}

/// <summary><c>#!track tag k=v …</c> (each subcommand needs its own type: the kernel routes by type).</summary>
public sealed class TrackTagCommand : KernelDirectiveCommand
{
    public string? Values { get; set; }
}

/// <summary><c>#!track metric k=v … [--step N]</c>.</summary>
public sealed class TrackMetricCommand : KernelDirectiveCommand
{
    public string? Values { get; set; }
    public long? Step { get; set; }
}

/// <summary><c>#!track artifact PATH [--to DIR]</c>.</summary>
public sealed class TrackArtifactCommand : KernelDirectiveCommand
{
    public string? Path { get; set; }
    public string? To { get; set; }
}

/// <summary><c>#!track end [--status S]</c>.</summary>
public sealed class TrackEndCommand : KernelDirectiveCommand
{
    public string? Status { get; set; }
}

/// <summary><c>#!track runs [--experiment X] [--filter F] [--max N]</c>.</summary>
public sealed class TrackRunsCommand : KernelDirectiveCommand
{
    public string? Experiment { get; set; }
    public string? Filter { get; set; }
    public int? Max { get; set; }
}

/// <summary><c>#!track compare ID ID …</c>.</summary>
public sealed class TrackCompareCommand : KernelDirectiveCommand
{
    public string? Ids { get; set; }
}

/// <summary><c>#!track chart [METRIC …] [--run RUN_ID …]</c>.</summary>
public sealed class TrackChartCommand : KernelDirectiveCommand
{
    public string? Metrics { get; set; }
    /// <remarks>A string for one <c>--run</c>, an array for several.</remarks>
    public System.Text.Json.JsonElement? Run { get; set; }
}
