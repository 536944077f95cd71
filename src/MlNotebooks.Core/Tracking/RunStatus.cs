namespace MlNotebooks.Tracking;

/// <summary>The status of a run, as in MLflow.</summary>
public enum RunStatus
{
    /// <summary>The run is in progress.</summary>
    Running,
    /// <summary>The run is scheduled but has not started.</summary>
    Scheduled,
    /// <summary>The run completed.</summary>
    Finished,
    /// <summary>The run failed.</summary>
    Failed,
    /// <summary>The run was killed.</summary>
    Killed,
}
