using System.ComponentModel;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Infrastructure;

/// <summary>Options every command that opens a workspace takes.</summary>
public class WorkspaceSettings : CommandSettings
{
    /// <summary>Tracking URI; overrides MLNB_TRACKING_URI and .mlnb/.</summary>
    [CommandOption("--tracking-uri <URI>")]
    [Description("sqlite:///PATH or postgresql://USER@HOST:PORT/DB (default: MLNB_TRACKING_URI, else .mlnb/ found upward)")]
    public string? TrackingUri { get; init; }
}

/// <summary>Options of read commands: tables for humans, <c>--json</c> for programs.</summary>
public class ReadSettings : WorkspaceSettings
{
    /// <summary>Print JSON (MLflow REST shapes) instead of a table.</summary>
    [CommandOption("--json")]
    [Description("Print JSON (MLflow REST 2.0 shapes) instead of a table")]
    public bool Json { get; init; }
}
