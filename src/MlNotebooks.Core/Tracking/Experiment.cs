namespace MlNotebooks.Tracking;

/// <summary>A named group of runs (MLflow's Experiment).</summary>
/// <param name="ExperimentId">Store-assigned id; "0" is the Default experiment.</param>
/// <param name="Name">Unique name.</param>
/// <param name="ArtifactLocation">Where the runs' artifacts are addressed from.</param>
/// <param name="LifecycleStage">Active or deleted.</param>
/// <param name="CreationTime">When it was created.</param>
/// <param name="LastUpdateTime">When it was last renamed, deleted or restored.</param>
/// <param name="Tags">Experiment tags.</param>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    LifecycleStage LifecycleStage,
    DateTimeOffset CreationTime,
    DateTimeOffset LastUpdateTime,
    IReadOnlyDictionary<string, string> Tags);
