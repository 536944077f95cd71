using MlNotebooks.Tracking;
using Spectre.Console;

namespace MlNotebooks.Cli.Infrastructure;

/// <summary>Validation and parsing shared by several verbs, so each message is written once.</summary>
internal static class Require
{
    public static ValidationResult Run(string? run) =>
        string.IsNullOrEmpty(run) ? ValidationResult.Error("--run RUN_ID is required; get one from `mlnb runs create` or `mlnb runs search`") : ValidationResult.Success();

    public static ViewType View(string view) => view.ToLowerInvariant() switch
    {
        "active" => ViewType.ActiveOnly,
        "deleted" => ViewType.DeletedOnly,
        "all" => ViewType.All,
        _ => throw MlnbException.Invalid($"--view '{view}' is not one of active, deleted, all"),
    };
}
