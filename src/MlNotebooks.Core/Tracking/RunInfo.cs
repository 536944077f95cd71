namespace MlNotebooks.Tracking;

/// <summary>The attributes of a run (MLflow's RunInfo).</summary>
/// <param name="RunId">32 lowercase hex characters.</param>
/// <param name="ExperimentId">Owning experiment.</param>
/// <param name="RunName">Human name.</param>
/// <param name="UserId">Who started it.</param>
/// <param name="Status">Running, finished, ...</param>
/// <param name="StartTime">When it started.</param>
/// <param name="EndTime">When it ended, or null while running.</param>
/// <param name="ArtifactUri">Root URI of its artifacts.</param>
/// <param name="LifecycleStage">Active or deleted.</param>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    RunStatus Status,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    string ArtifactUri,
    LifecycleStage LifecycleStage);
