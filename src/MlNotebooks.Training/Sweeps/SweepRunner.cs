using MlNotebooks.Tracking;

namespace MlNotebooks.Training.Sweeps;

/// <summary>One trial's outcome.</summary>
/// <param name="Params">The trial's param values.</param>
/// <param name="ExitCode">0 when the trial succeeded.</param>
public sealed record TrialOutcome(IReadOnlyDictionary<string, string> Params, int ExitCode);

/// <summary>A finished sweep.</summary>
/// <param name="ParentRunId">The parent run every trial is nested under.</param>
/// <param name="Trials">The trial runs found under the parent, best first.</param>
/// <param name="Best">The best finished trial by the metric, or null when none finished.</param>
/// <param name="Failed">Trials that exited non-zero.</param>
public sealed record SweepResult(string ParentRunId, IReadOnlyList<Run> Trials, Run? Best, int Failed);

/// <summary>
/// Runs a sweep: a parent run, then each trial launched (e.g. as its own <c>mlnb train</c> process, given the parent
/// run id so its run is nested via <c>mlflow.parentRunId</c>) with at most N at once; the best trial by a metric is
/// tagged on the parent and its metric logged there.
/// </summary>
public sealed class SweepRunner(TrackingClient client)
{
    /// <summary>Launches the trials and reports the best.</summary>
    public async Task<SweepResult> RunAsync(string? experiment, string definition, IReadOnlyList<IReadOnlyDictionary<string, string>> trials,
        Func<IReadOnlyDictionary<string, string>, string, CancellationToken, Task<int>> launch, int maxParallel, string metric, bool minimize,
        CancellationToken cancellationToken = default)
    {
        if (maxParallel < 1) throw MlnbException.Invalid("--max-parallel must be at least 1");
        var parent = await client.CreateRunAsync(experiment, null, null, new Dictionary<string, string>
        {
            [SystemTags.SourceName] = "mlnb sweep",
            ["mlnb.sweep"] = "true",
        }, cancellationToken).ConfigureAwait(false);
        await client.LogBatchAsync(parent.RunId, @params:
        [
            new Param("definition", definition), new Param("trials", trials.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Param("metric", metric), new Param("goal", minimize ? "min" : "max"), new Param("max_parallel", maxParallel.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], cancellationToken: cancellationToken).ConfigureAwait(false);
        using var gate = new SemaphoreSlim(maxParallel);
        var outcomes = await Task.WhenAll(trials.Select(async p =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try { return new TrialOutcome(p, await launch(p, parent.RunId, cancellationToken).ConfigureAwait(false)); }
            finally { gate.Release(); }
        })).ConfigureAwait(false);
        var children = (await client.SearchRunsAsync([parent.Info.ExperimentId], $"tags.`{SystemTags.ParentRunId}` = '{parent.RunId}'", cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var finished = children.Where(r => r.Info.Status == RunStatus.Finished && r.Metric(metric) is not null).ToList();
        var ranked = (minimize ? finished.OrderBy(r => r.Metric(metric)) : finished.OrderByDescending(r => r.Metric(metric))).ToList();
        var best = ranked.FirstOrDefault();
        var failed = outcomes.Count(o => o.ExitCode != 0);
        if (best is not null)
        {
            await client.LogBatchAsync(parent.RunId, [new Metric("best_" + metric, best.Metric(metric)!.Value, client.NowMs(), 0)], null,
                [new RunTag("mlnb.best_run_id", best.RunId)], cancellationToken).ConfigureAwait(false);
        }
        await client.LogBatchAsync(parent.RunId, [new Metric("trials_failed", failed, client.NowMs(), 0)], cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.EndRunAsync(parent.RunId, best is null ? RunStatus.Failed : RunStatus.Finished, cancellationToken).ConfigureAwait(false);
        return new SweepResult(parent.RunId, ranked.Concat(children.Except(ranked)).ToList(), best, failed);
    }
}
