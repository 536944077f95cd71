using System.Diagnostics;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Cli.Tracking;
using MlNotebooks.Tracking;
using MlNotebooks.Training.Sweeps;
using Spectre.Console;

namespace MlNotebooks.Cli.Training;

/// <summary>
/// <c>mlnb sweep</c>: grid or random search. Each trial is its own <c>mlnb train --parent-run</c> process (so trials
/// run in parallel and a crash stays in its trial); the best trial by <c>--metric</c> is reported.
/// </summary>
internal sealed class SweepCommand : WorkspaceCommand<SweepCommandSettings>
{
    protected override async Task<int> RunAsync(Workspace workspace, SweepCommandSettings s, CancellationToken ct)
    {
        if (s.Goal is not ("min" or "max")) throw MlnbException.Invalid($"--goal must be min or max, not '{s.Goal}'");
        var trials = SweepPlan.Expand(s.Grid, s.Random, s.Trials, s.Seed ?? 42);
        Console.WriteLine($"Sweep of {trials.Count} trials of '{s.Definition}', {s.MaxParallel} at a time, ranked by {s.Metric} ({s.Goal})");
        var result = await new SweepRunner(workspace.Tracking).RunAsync(s.Experiment, s.Definition, trials,
            (p, parent, token) => LaunchAsync(workspace, s, p, parent, token), s.MaxParallel, s.Metric, s.Goal == "min", ct).ConfigureAwait(false);
        var table = Render.Table("run", "status", s.Metric, "params");
        foreach (var r in result.Trials)
            table.AddRow(Render.Esc(r.RunId), Render.Esc(r.Info.Status.ToName()), r.Metric(s.Metric) is { } m ? Render.Number(m) : "",
                Render.Esc(string.Join(" ", r.Params.Where(p => trials[0].ContainsKey(p.Key) || trials[0].ContainsKey(p.Key.Replace("param.", ""))).Select(p => $"{p.Key}={p.Value}"))));
        Render.Write(table);
        Console.WriteLine($"Parent run: {result.ParentRunId}; {result.Failed} of {trials.Count} trials failed");
        if (result.Best is null) throw MlnbException.State($"no trial of sweep {result.ParentRunId} finished with metric '{s.Metric}'; see `mlnb runs search -e {s.Experiment}`");
        Console.WriteLine($"Best: {result.Best.RunId} {s.Metric}={Render.Number(result.Best.Metric(s.Metric)!.Value)}");
        return result.Failed == 0 ? 0 : 1;
    }

    private static async Task<int> LaunchAsync(Workspace workspace, SweepCommandSettings s, IReadOnlyDictionary<string, string> trial, string parent, CancellationToken ct)
    {
        var args = new List<string>();
        var self = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") args.Add(typeof(SweepCommand).Assembly.Location);
        // The trial finds the same workspace as this process: the same folder, environment and, when given, --tracking-uri
        // (workspace.TrackingUri is for display and has no password).
        args.AddRange(["train", s.Definition, "--quiet", "--parent-run", parent, "-e", s.Experiment]);
        if (s.TrackingUri is not null) args.AddRange(["--tracking-uri", s.TrackingUri]);
        if (s.Data is not null) args.AddRange(["--data", s.Data]);
        if (s.Label is not null) args.AddRange(["--label", s.Label]);
        if (s.Features is not null) args.AddRange(["--features", s.Features]);
        if (s.Task is not null) args.AddRange(["--task", s.Task]);
        if (s.Device is not null) args.AddRange(["--device", s.Device]);
        if (s.Dtype is not null) args.AddRange(["--dtype", s.Dtype]);
        if (s.Epochs is { } e) args.AddRange(["--epochs", e.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (s.BatchSize is { } b) args.AddRange(["--batch-size", b.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (s.LearningRate is { } lr) args.AddRange(["--lr", lr.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (s.Seed is { } seed) args.AddRange(["--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        args.AddRange(["--checkpoint-every", (s.CheckpointEvery ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        foreach (var p in s.Params) args.AddRange(["--param", p]);
        foreach (var (k, v) in trial) args.AddRange(["--param", $"{k}={v}"]);
        var psi = new ProcessStartInfo(self, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment[Workspace.ContentRootVariable] = workspace.Content.Root;
        using var process = Process.Start(psi) ?? throw new MlnbException(ErrorCode.InternalError, $"could not start {self}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var label = string.Join(" ", trial.Select(kv => $"{kv.Key}={kv.Value}"));
        if (process.ExitCode == 0) AnsiConsole.MarkupLine($"  trial {Render.Esc(label)} → run {Render.Esc((await stdout.ConfigureAwait(false)).Trim())}");
        else AnsiConsole.MarkupLine($"  [red]trial {Render.Esc(label)} failed[/]: {Render.Esc((await stderr.ConfigureAwait(false)).Trim())}");
        return process.ExitCode;
    }
}
