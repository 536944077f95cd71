using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive;

/// <summary>
/// The active run, from C# cells: the same run <c>#!track start</c> began, so a training loop logs every step
/// without magics. <c>Track.Metric("loss", loss, step)</c> is buffered and written in batches.
/// </summary>
public static class Track
{
    private static TrackingSession Session => TrackingSession.Shared;

    /// <summary>The active run, or null.</summary>
    public static ActiveRun? Current => Session.Current;

    /// <summary>The active run's id; fails with a fix when no run is active.</summary>
    public static string RunId => Session.RequireCurrent().RunId;

    /// <summary>Starts a run (a child of the active one when <paramref name="nested"/>).</summary>
    public static ActiveRun Start(string experiment, string? name = null, bool nested = false) =>
        Session.StartAsync(experiment, name, nested).GetAwaiter().GetResult();

    /// <summary>Logs a param (write-once) on the active run.</summary>
    public static void Param(string key, object? value) => Session.RequireCurrent().LogParam(key, value);

    /// <summary>Logs a metric point on the active run.</summary>
    public static void Metric(string key, double value, long step = 0) => Session.RequireCurrent().LogMetric(key, value, step);

    /// <summary>Sets a tag on the active run.</summary>
    public static void Tag(string key, string value) => Session.RequireCurrent().SetTag(key, value);

    /// <summary>Logs a file or folder as artifacts of the active run.</summary>
    public static IReadOnlyList<ArtifactEntry> Artifact(string path, string? artifactPath = null) =>
        Session.RequireCurrent().LogArtifactAsync(path, artifactPath).GetAwaiter().GetResult();

    /// <summary>
    /// Displays a chart of the active run's metric histories (<paramref name="metrics"/>, or all of them), drawn offline with
    /// Plotly.NET; call <see cref="Charts.LiveChart.Refresh"/> on the result to redraw it in place as training goes on.
    /// </summary>
    public static Charts.LiveChart Chart(params string[] metrics) => new(Session.RequireCurrent().RunId, metrics);

    /// <summary>Writes buffered metrics now.</summary>
    public static void Flush() => Session.RequireCurrent().FlushAsync().GetAwaiter().GetResult();

    /// <summary>Ends the active run.</summary>
    public static RunInfo End(RunStatus status = RunStatus.Finished) => Session.EndAsync(status).GetAwaiter().GetResult();
}
