using System.Globalization;
using System.Text;
using MlNotebooks.Registry;
using MlNotebooks.Tracking;

namespace MlNotebooks.Cli.Export;

/// <summary>What a CI report says about one run: the run, the version it is compared with, the gates of the version it registered.</summary>
internal sealed record CiReportData(Run Run, string Experiment, ModelUri? Against, ModelVersion? Baseline, Run? BaselineRun, ModelVersion? Candidate, IReadOnlyList<GateResult> Gates)
{
    /// <summary>Passed when the run finished and every evaluated gate passed.</summary>
    public bool Passed => Run.Info.Status == RunStatus.Finished && Gates.All(g => g.Passed);
}

/// <summary>Gathers and writes the Markdown report <c>mlnb ci report</c> posts on a pull request.</summary>
internal static class CiReport
{
    /// <summary>The hidden marker that finds our comment again (so it is updated, never duplicated).</summary>
    public const string Marker = "<!-- mlnb-ci-report -->";

    public static async Task<CiReportData> GatherAsync(Workspace ws, string runId, string? against, CancellationToken ct)
    {
        var run = await ws.Tracking.GetRunAsync(runId, ct).ConfigureAwait(false);
        var experiment = (await ws.Tracking.GetExperimentAsync(run.Info.ExperimentId, ct).ConfigureAwait(false)).Name;
        if (against is null) return new CiReportData(run, experiment, null, null, null, null, []);
        var uri = ModelUri.Parse(against);
        ModelVersion? baseline = null;
        try { baseline = await ws.Registry.ResolveAsync(uri, ct).ConfigureAwait(false); }
        catch (MlnbException e) when (e.Code == ErrorCode.ResourceDoesNotExist) { }
        var baselineRun = baseline?.RunId is { } id ? await ws.Tracking.GetRunAsync(id, ct).ConfigureAwait(false) : null;
        IReadOnlyList<ModelVersion> versions = [];
        try { versions = await ws.Registry.ListVersionsAsync(uri.Name, ct).ConfigureAwait(false); }
        catch (MlnbException e) when (e.Code == ErrorCode.ResourceDoesNotExist) { }
        var candidate = versions.Where(v => v.RunId == runId).MaxBy(v => v.Version);
        var gates = candidate is not null && uri.Alias is { } alias ? await ws.Registry.EvaluateGatesAsync(uri.Name, candidate.Version, alias, ct).ConfigureAwait(false) : [];
        return new CiReportData(run, experiment, uri, baseline, baselineRun, candidate, gates);
    }

    public static string Markdown(CiReportData d)
    {
        var sb = new StringBuilder(Marker).Append('\n');
        sb.Append($"### mlnb: run `{d.Run.RunId}` {d.Run.Info.Status.ToString().ToUpperInvariant()} in experiment `{d.Experiment}` — {(d.Passed ? "passed" : "failed")}\n\n");
        var base_ = d.BaselineRun;
        if (d.Against is not null)
            sb.Append(d.Baseline is null ? $"No {d.Against} yet: nothing to compare with.\n\n" : $"Compared with {d.Against} (version {d.Baseline.Version}, run `{d.Baseline.RunId}`).\n\n");
        var bp = base_?.Params.ToDictionary(p => p.Key, p => p.Value) ?? [];
        sb.Append("| param | this run |").Append(base_ is null ? "\n|---|---|\n" : " production |\n|---|---|---|\n");
        foreach (var p in d.Run.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            sb.Append($"| {p.Key} | {p.Value} |").Append(base_ is null ? "\n" : $" {(bp.TryGetValue(p.Key, out var v) ? v : "—")} |\n");
        var bm = base_?.Metrics.ToDictionary(m => m.Key, m => m.Value) ?? [];
        sb.Append("\n| metric | this run |").Append(base_ is null ? "\n|---|---|\n" : " production | change |\n|---|---|---|---|\n");
        foreach (var m in d.Run.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            sb.Append($"| {m.Key} | {N(m.Value)} |").Append(base_ is null ? "\n" : bm.TryGetValue(m.Key, out var b) ? $" {N(b)} | {(m.Value - b >= 0 ? "+" : "")}{N(m.Value - b)} |\n" : " — | — |\n");
        if (d.Against is not null)
        {
            sb.Append('\n');
            if (d.Candidate is null) sb.Append($"**Gates**: this run registered no version of `{d.Against.Name}`; none evaluated.\n");
            else
            {
                sb.Append($"**Gates** for `@{d.Against.Alias}` (version {d.Candidate.Version}, registered by this run):\n\n| gate | result | detail |\n|---|---|---|\n");
                foreach (var g in d.Gates) sb.Append($"| {g.Gate} | {(g.Passed ? "✅ pass" : "❌ fail")} | {g.Detail} |\n");
                if (d.Gates.Count == 0) sb.Append("| (none set) | ✅ pass | |\n");
            }
        }
        sb.Append("\n**Data versions**: ");
        sb.Append(d.Run.Inputs.Count == 0 ? "none recorded.\n" : "\n\n| dataset | digest | source |\n|---|---|---|\n" + string.Concat(d.Run.Inputs.Select(i => $"| {i.Name} | `{i.Digest}` | {i.Source} |\n")));
        return sb.ToString();
    }

    /// <summary>The commit status: state and a description of at most 140 characters.</summary>
    public static (string State, string Description) Status(CiReportData d)
    {
        var failed = d.Gates.Where(g => !g.Passed).Select(g => g.Gate).ToList();
        var text = d.Run.Info.Status != RunStatus.Finished ? $"run {d.Run.Info.Status.ToString().ToUpperInvariant()}"
            : failed.Count > 0 ? "gates failed: " + string.Join(", ", failed)
            : d.Gates.Count > 0 ? $"{d.Gates.Count} gate(s) passed" : "run finished";
        return (d.Passed ? "success" : "failure", text.Length > 140 ? text[..137] + "..." : text);
    }

    private static string N(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
