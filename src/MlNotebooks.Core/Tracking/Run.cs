namespace MlNotebooks.Tracking;

/// <summary>A run with its data: latest metric values, params, tags and dataset inputs (MLflow's Run).</summary>
/// <param name="Info">Attributes.</param>
/// <param name="Metrics">The latest value of each metric (by step, then timestamp).</param>
/// <param name="Params">Parameters.</param>
/// <param name="Tags">Tags, including system tags such as <c>mlflow.parentRunId</c>.</param>
/// <param name="Inputs">Datasets the run read.</param>
public sealed record Run(
    RunInfo Info,
    IReadOnlyList<Metric> Metrics,
    IReadOnlyList<Param> Params,
    IReadOnlyList<RunTag> Tags,
    IReadOnlyList<DatasetInput> Inputs)
{
    /// <summary>The run id.</summary>
    public string RunId => Info.RunId;

    /// <summary>The value of a tag, or null.</summary>
    public string? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key)?.Value;

    /// <summary>The value of a param, or null.</summary>
    public string? Param(string key) => Params.FirstOrDefault(p => p.Key == key)?.Value;

    /// <summary>The latest value of a metric, or null.</summary>
    public double? Metric(string key) => Metrics.FirstOrDefault(m => m.Key == key)?.Value;

    /// <summary>The parent run id when this run is nested.</summary>
    public string? ParentRunId => Tag(SystemTags.ParentRunId);
}
