using MlNotebooks.Tracking;

namespace MlNotebooks.Job;

/// <summary>
/// The notebook's <c>Track</c> API over the MlNotebooks workspace (<c>MLNB_TRACKING_URI</c>, else the <c>.mlnb/</c>
/// folder found from the current directory), so the notebook's cells and translated <c>#!track</c> lines run unchanged.
/// </summary>
public static class Track
{
    private static readonly Stack<ActiveRun> Runs = new();
    private static Workspace? _workspace;

    /// <summary>The workspace the job logs to.</summary>
    public static Workspace Workspace => _workspace ??= Workspace.OpenAsync(new WorkspaceOptions()).GetAwaiter().GetResult();

    /// <summary>The active run, or null.</summary>
    public static ActiveRun? Current => Runs.Count > 0 ? Runs.Peek() : null;

    /// <summary>The active run's id.</summary>
    public static string RunId => Require().RunId;

    /// <summary>Starts a run (a child of the active one when <paramref name="nested"/>).</summary>
    public static ActiveRun Start(string experiment, string? name = null, bool nested = false)
    {
        var tags = new Dictionary<string, string> { ["mlnb.source.type"] = "JOB" };
        var run = Workspace.Tracking.StartRunAsync(experiment, name, nested ? Current?.RunId : null, tags).GetAwaiter().GetResult();
        Runs.Push(run);
        Console.WriteLine($"run {run.RunId} started in experiment '{experiment}'");
        if (Environment.GetEnvironmentVariable("MLNB_RUN_ID_FILE") is { Length: > 0 } file && !nested) File.WriteAllText(file, run.RunId);
        return run;
    }

    /// <summary>Logs a param.</summary>
    public static void Param(string key, object? value) => Require().LogParam(key, value);

    /// <summary>Logs a metric point.</summary>
    public static void Metric(string key, double value, long step = 0) => Require().LogMetric(key, value, step);

    /// <summary>Sets a tag.</summary>
    public static void Tag(string key, string value) => Require().SetTag(key, value);

    /// <summary>Logs a file or folder as artifacts.</summary>
    public static IReadOnlyList<ArtifactEntry> Artifact(string path, string? artifactPath = null) => Require().LogArtifactAsync(path, artifactPath).GetAwaiter().GetResult();

    /// <summary>Writes buffered metrics now.</summary>
    public static void Flush() => Require().FlushAsync().GetAwaiter().GetResult();

    /// <summary>Ends the active run.</summary>
    public static RunInfo End(RunStatus status = RunStatus.Finished)
    {
        var info = Runs.Pop().EndAsync(status).GetAwaiter().GetResult();
        Console.WriteLine($"run {info.RunId} {status.ToString().ToUpperInvariant()}");
        return info;
    }

    internal static void FlushAll()
    {
        foreach (var r in Runs) r.FlushAsync().GetAwaiter().GetResult();
    }

    internal static void EndAll(RunStatus status)
    {
        while (Runs.Count > 0) End(status);
    }

    private static ActiveRun Require() => Current ?? throw new InvalidOperationException("no run is active; the notebook starts one with `#!track start` or Track.Start");
}
