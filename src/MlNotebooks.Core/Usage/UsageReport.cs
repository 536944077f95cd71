using System.Globalization;
using MlNotebooks.Tracking;

namespace MlNotebooks.Usage;

/// <summary>What one run cost: CPU and GPU seconds (from its usage tags), wall time (start to end, or to now while running) and stored bytes (its artifacts).</summary>
/// <param name="RunId">The run.</param>
/// <param name="ExperimentId">Its experiment.</param>
/// <param name="RunName">Its name.</param>
/// <param name="User">Who ran it (the store's user id: the hub user on a hub).</param>
/// <param name="StartTime">When it started.</param>
/// <param name="Status">Its status.</param>
/// <param name="CpuSeconds">CPU seconds, 0 when the run predates usage tags.</param>
/// <param name="GpuSeconds">GPU seconds, 0 without a GPU.</param>
/// <param name="WallSeconds">Wall-clock seconds.</param>
/// <param name="StoredBytes">Bytes of its artifacts in the content store.</param>
public sealed record RunUsage(string RunId, string ExperimentId, string RunName, string User, DateTimeOffset StartTime, RunStatus Status,
    double CpuSeconds, double GpuSeconds, double WallSeconds, long StoredBytes);

/// <summary>One user's totals.</summary>
/// <param name="User">The user.</param>
/// <param name="Runs">How many runs.</param>
/// <param name="CpuSeconds">Summed CPU seconds.</param>
/// <param name="GpuSeconds">Summed GPU seconds.</param>
/// <param name="WallSeconds">Summed wall seconds.</param>
/// <param name="StoredBytes">Summed stored bytes.</param>
public sealed record UserUsage(string User, int Runs, double CpuSeconds, double GpuSeconds, double WallSeconds, long StoredBytes);

/// <summary>Usage and cost per run and per user, read from where the runs are (any tracking store: SQLite, PostgreSQL, a server).</summary>
public static class UsageReport
{
    /// <summary>Every run (of every experiment, deleted ones included) of <paramref name="user"/> (all when null) started at or after <paramref name="since"/>.</summary>
    public static async Task<(IReadOnlyList<RunUsage> Runs, IReadOnlyList<UserUsage> Users)> ComputeAsync(TrackingClient tracking, string? user, DateTimeOffset? since, TimeProvider time, CancellationToken cancellationToken)
    {
        var runs = new List<RunUsage>();
        string? token = null;
        do
        {
            var page = await tracking.SearchRunsAsync(null, null, ["attributes.start_time ASC"], TrackingLimits.MaxResultsLimit, token, ViewType.All, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items)
            {
                if (user is not null && run.Info.UserId != user) continue;
                if (since is { } s && run.Info.StartTime < s) continue;
                var artifacts = await tracking.ListArtifactsAsync(run.RunId, null, cancellationToken).ConfigureAwait(false);
                runs.Add(new RunUsage(run.RunId, run.Info.ExperimentId, run.Info.RunName, run.Info.UserId, run.Info.StartTime, run.Info.Status,
                    Seconds(run.Tag(UsageTags.CpuSeconds)), Seconds(run.Tag(UsageTags.GpuSeconds)),
                    Math.Max(0, ((run.Info.EndTime ?? time.GetUtcNow()) - run.Info.StartTime).TotalSeconds), artifacts.Sum(a => a.Size)));
            }
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
        var users = runs.GroupBy(r => r.User, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UserUsage(g.Key, g.Count(), g.Sum(r => r.CpuSeconds), g.Sum(r => r.GpuSeconds), g.Sum(r => r.WallSeconds), g.Sum(r => r.StoredBytes)))
            .ToList();
        return (runs, users);
    }

    private static double Seconds(string? tag) =>
        double.TryParse(tag, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : 0;
}
