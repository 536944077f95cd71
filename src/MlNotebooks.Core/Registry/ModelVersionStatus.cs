namespace MlNotebooks.Registry;

/// <summary>MLflow's model version status.</summary>
public enum ModelVersionStatus
{
    /// <summary>Registration is in progress.</summary>
    PendingRegistration,
    /// <summary>Registration failed.</summary>
    FailedRegistration,
    /// <summary>The version can be used.</summary>
    Ready,
}
