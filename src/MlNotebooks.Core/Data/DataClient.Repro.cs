using MlNotebooks.Data.Pipelines;

namespace MlNotebooks.Data;

public sealed partial class DataClient
{
    /// <summary>
    /// Reproduces the pipeline in <c>dvc.yaml</c> (or one stage and what it depends on), running a stage only when
    /// the hashes of its cmd, deps or params changed, restoring outputs from the run cache when those inputs were seen
    /// before, and writing <c>dvc.lock</c>. Command output goes to <paramref name="log"/> (default: stdout).
    /// </summary>
    public Task<IReadOnlyList<StageResult>> ReproAsync(string? stage = null, bool force = false, TextWriter? log = null, CancellationToken cancellationToken = default) =>
        new PipelineRunner(this, log ?? Console.Out).ReproAsync(stage, force, cancellationToken);

    /// <summary>Checks out given outputs (force: they are pipeline products).</summary>
    internal async Task CheckoutTrackedAsync(IReadOnlyList<TrackedData> outputs, CancellationToken ct)
    {
        var plan = PlanCheckout(outputs, force: true, ct);
        foreach (var w in plan.Writes) await Cache.CopyToFileAsync(w.Md5, Full(w.Rel), ct).ConfigureAwait(false);
        foreach (var r in plan.Removals) File.Delete(Full(r));
    }
}
