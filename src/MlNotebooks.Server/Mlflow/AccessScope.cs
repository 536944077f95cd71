namespace MlNotebooks.Server.Mlflow;

/// <summary>What a route's <see cref="Access"/> is checked against.</summary>
public enum AccessScope
{
    /// <summary>Anyone, without a token (health, version, UI assets).</summary>
    Public,
    /// <summary>Any valid token; results may be filtered by permission afterwards (create, search).</summary>
    Authenticated,
    /// <summary>The experiment whose id is in <see cref="Access.Field"/>.</summary>
    ExperimentId,
    /// <summary>The experiment whose name is in <see cref="Access.Field"/>.</summary>
    ExperimentName,
    /// <summary>The experiment owning the run whose id is in <see cref="Access.Field"/>.</summary>
    RunId,
    /// <summary>The experiment owning the run named by an artifact proxy path (<c>EXPERIMENT_ID/RUN_ID/artifacts/…</c>, read from <see cref="Access.Field"/>).</summary>
    ArtifactPath,
    /// <summary>The registered model whose name is in <see cref="Access.Field"/>.</summary>
    RegisteredModelName,
    /// <summary>Administrators only.</summary>
    Admin,
}
