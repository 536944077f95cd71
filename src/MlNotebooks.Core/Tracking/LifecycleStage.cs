namespace MlNotebooks.Tracking;

/// <summary>Whether an experiment or run is active or soft-deleted (MLflow's lifecycle_stage).</summary>
public enum LifecycleStage
{
    /// <summary>Visible in searches by default.</summary>
    Active,
    /// <summary>Soft-deleted; can be restored.</summary>
    Deleted,
}
