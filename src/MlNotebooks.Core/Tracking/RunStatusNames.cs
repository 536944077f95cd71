namespace MlNotebooks.Tracking;

/// <summary>MLflow's spelling of <see cref="RunStatus"/> (RUNNING, FINISHED, ...).</summary>
public static class RunStatusNames
{
    /// <summary>The upper-case name MLflow uses.</summary>
    public static string ToName(this RunStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>True when the run can no longer be logged to.</summary>
    public static bool IsTerminal(this RunStatus status) => status is RunStatus.Finished or RunStatus.Failed or RunStatus.Killed;

    /// <summary>Parses RUNNING/FINISHED/FAILED/KILLED/SCHEDULED (any case).</summary>
    public static RunStatus Parse(string text) =>
        TryParse(text, out var status) ? status
        : throw MlnbException.Invalid($"unknown run status '{text}'; use one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED");

    /// <summary>Parses a status name without throwing.</summary>
    public static bool TryParse(string text, out RunStatus status) =>
        Enum.TryParse(text, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(text, out _);
}
