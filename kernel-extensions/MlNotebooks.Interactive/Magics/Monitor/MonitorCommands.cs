using Microsoft.DotNet.Interactive.Commands;

namespace MlNotebooks.Interactive.Magics.Monitor;

// The kernel binds a directive's parameters to these types by name (--some-value → SomeValue), as JSON. The two files
// and the repeatable --stattest/--threshold values are read from the line's own words (DirectiveText).
#pragma warning disable CS1591 // bound by the kernel; documented by the directive declarations in MonitorMagic

/// <summary><c>#!monitor</c> alone.</summary>
public sealed class MonitorCommand : KernelDirectiveCommand { }

/// <summary><c>#!monitor drift REFERENCE CURRENT [--stattest T|COL=T …] [--threshold V|COL=V …] [--drift-share S] [--columns A,B] [--prediction COL]</c>.</summary>
public sealed class MonitorDriftCommand : KernelDirectiveCommand
{
    public string? Files { get; set; }
    public string? Stattest { get; set; }
    public string? Threshold { get; set; }
    public double? DriftShare { get; set; }
    public string? Columns { get; set; }
    public string? Prediction { get; set; }
}

/// <summary><c>#!monitor report models:/NAME@ALIAS [--reference FILE] [--window 1h] [--columns A,B]</c>.</summary>
public sealed class MonitorReportCommand : KernelDirectiveCommand
{
    public string? Model { get; set; }
    public string? Reference { get; set; }
    public string? Window { get; set; }
    public string? Columns { get; set; }
}

/// <summary><c>#!monitor watch models:/NAME@ALIAS --retrain DEFINITION --data PATH [--epochs N] [--reference FILE]</c> (one check).</summary>
public sealed class MonitorWatchCommand : KernelDirectiveCommand
{
    public string? Model { get; set; }
    public string? Retrain { get; set; }
    public string? Data { get; set; }
    public int? Epochs { get; set; }
    public string? Reference { get; set; }
}
