namespace MlNotebooks.Data.Pipelines;

/// <summary>An output a stage declares in <c>dvc.yaml</c> (<c>outs</c> or <c>metrics</c>).</summary>
/// <param name="Path">Path relative to the project root.</param>
/// <param name="Cache">False for <c>cache: false</c> (small metrics files kept in git).</param>
/// <param name="IsMetric">True when declared under <c>metrics</c>.</param>
public sealed record StageOutput(string Path, bool Cache = true, bool IsMetric = false);

/// <summary>A parameter reference: a key (dotted for nested values) in a params file.</summary>
/// <param name="File">The params file (default <c>params.yaml</c>).</param>
/// <param name="Key">The dotted key.</param>
public sealed record StageParam(string File, string Key);

/// <summary>A stage of <c>dvc.yaml</c>.</summary>
/// <param name="Name">The stage name.</param>
/// <param name="Cmd">The shell command.</param>
/// <param name="Deps">Dependency paths.</param>
/// <param name="Params">Parameters it reads.</param>
/// <param name="Outs">Outputs (including metrics).</param>
public sealed record PipelineStage(string Name, string Cmd, IReadOnlyList<string> Deps, IReadOnlyList<StageParam> Params, IReadOnlyList<StageOutput> Outs);

/// <summary>What <c>repro</c> did with a stage.</summary>
public enum StageAction
{
    /// <summary>Nothing changed; the stage was not run.</summary>
    Skipped,
    /// <summary>The command ran.</summary>
    Ran,
    /// <summary>The same inputs were seen before; outputs were restored from the cache without running.</summary>
    Restored,
}

/// <summary>The outcome of one stage.</summary>
/// <param name="Stage">The stage name.</param>
/// <param name="Action">What happened.</param>
/// <param name="Reason">Why (e.g. "dep data/raw.csv changed").</param>
public sealed record StageResult(string Stage, StageAction Action, string Reason);

/// <summary>A stage as <c>dvc.lock</c> records it.</summary>
/// <param name="Cmd">The command that produced the outputs.</param>
/// <param name="Deps">Dependencies with their hashes.</param>
/// <param name="Params">Parameter values per params file (values as YAML text).</param>
/// <param name="Outs">Outputs with their hashes.</param>
public sealed record LockedStage(string Cmd, IReadOnlyList<DataOutput> Deps, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Params, IReadOnlyList<DataOutput> Outs);
