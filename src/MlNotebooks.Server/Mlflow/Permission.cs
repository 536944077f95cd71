namespace MlNotebooks.Server.Mlflow;

/// <summary>A level of MLflow basic-auth's permission model, ordered: each level includes the ones below.</summary>
public enum Permission
{
    /// <summary>Nothing (MLflow NO_PERMISSIONS).</summary>
    NoPermissions,
    /// <summary>Read (MLflow READ).</summary>
    Read,
    /// <summary>Read and change, e.g. log to runs (MLflow EDIT).</summary>
    Edit,
    /// <summary>Everything, incl. deleting and granting permissions (MLflow MANAGE).</summary>
    Manage,
}
