namespace MlNotebooks.Registry;

/// <summary>One version of a registered model (MLflow's ModelVersion, with its package).</summary>
/// <param name="Name">Registered model name.</param>
/// <param name="Version">Version number, from 1.</param>
/// <param name="CreationTime">When it was registered.</param>
/// <param name="LastUpdatedTime">Last change.</param>
/// <param name="Description">Free text.</param>
/// <param name="UserId">Who registered it.</param>
/// <param name="Source">Where it came from: <c>runs:/RUN_ID/PATH</c>.</param>
/// <param name="RunId">The training run, or null.</param>
/// <param name="Status">Registration status.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Aliases">Aliases pointing at this version.</param>
/// <param name="Package">Files, signature and datasets.</param>
public sealed record ModelVersion(
    string Name,
    int Version,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdatedTime,
    string Description,
    string UserId,
    string Source,
    string? RunId,
    ModelVersionStatus Status,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Aliases,
    ModelPackage Package);
