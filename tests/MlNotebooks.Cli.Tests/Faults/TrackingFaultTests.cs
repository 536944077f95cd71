using MlNotebooks.Serving.Tests.Support;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;
using Xunit.Abstractions;

namespace MlNotebooks.Cli.Tests.Faults;

/// <summary>
/// SIGKILL of a process logging through the buffered logger and of <c>models register</c>: every point a flush
/// acknowledged is in the store, the killed run reads as KILLED (ended at the time it was last seen, once), and
/// every version register printed is whole.
/// </summary>
public sealed class TrackingFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KilledBufferedLogger_LosesNoAcknowledgedPointAndItsRunReadsAsKilled()
    {
        var rig = new FaultRig(output, "runs log (buffered logger)");
        var rng = rig.NewRandom();
        rig.Log($"seed {rig.Seed} (replay with MLNB_FAULT_SEED={rig.Seed})");
        using var w = new TempDir();
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "init")).ExitCode);
        var killedRuns = new List<string>();
        for (var i = 0; i < FaultRig.Count(6); i++)
        {
            var fault = FaultRig.Pick(rng, ["tracking.batch"], 40, 600);
            var r = await FaultRig.HelperAsync(w.Path, fault, l => l.StartsWith("run ", StringComparison.Ordinal), "log", w.Path, "20000");
            rig.Faults++;
            if (r.Killed) rig.Killed++;
            var runId = r.Lines.FirstOrDefault(l => l.StartsWith("run ", StringComparison.Ordinal))?[4..];
            var acked = r.Lines.Where(l => l.StartsWith("acked ", StringComparison.Ordinal)).Select(l => long.Parse(l[6..], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Max();
            rig.Log($"fault {i}: {fault}: {(r.Killed ? "killed" : $"exit {r.ExitCode}")}, run {runId}, acknowledged up to step {acked}");
            if (runId is null) continue; // killed before the run existed: nothing to check but the store
            if (r.Killed) killedRuns.Add(runId);
            // A reader notices the dead process and ends the run KILLED; a second reader finds it ended already.
            var show = await FaultRig.MlnbAsync(w.Path, null, "runs", "show", runId, "--json");
            if (show.ExitCode != 0) rig.Problem($"`runs show` after {fault} failed: {show.Stderr.Trim()}");
            var expected = r.Killed ? "KILLED" : "FINISHED";
            if (!show.Out.Contains($"\"{expected}\"", StringComparison.Ordinal)) rig.Problem($"run {runId} after {fault} does not read as {expected}: {show.Out}");
            await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = w.Path, Environment = _ => null }))
            {
                var steps = (await ws.Tracking.GetMetricHistoryAsync(runId, "loss")).Select(m => m.Step).ToHashSet();
                var missing = Enumerable.Range(0, (int)acked + 1).Count(s => !steps.Contains(s));
                if (missing > 0) rig.Problem($"run {runId}: {missing} acknowledged points are missing after {fault}");
                rig.Lost += missing;
                var run = await ws.Tracking.GetRunAsync(runId);
                if (r.Killed && (run.Info.EndTime is null || run.Tag(SystemTags.EndReason) is null))
                    rig.Problem($"run {runId} is KILLED without an end time or a reason");
            }
            // The store takes the next write.
            var next = await FaultRig.MlnbAsync(w.Path, null, "runs", "create", "-e", "faults");
            if (next.ExitCode != 0) rig.Problem($"`runs create` after {fault} failed: {next.Stderr.Trim()}");
            rig.Stale += rig.CountTempFiles(Path.Combine(w.Path, ".mlnb", "cache", "tmp"));
        }
        // Searching for RUNNING runs lists none of the killed ones (the reader above ended them; a search would have too).
        var search = await FaultRig.MlnbAsync(w.Path, null, "runs", "search", "-e", "faults", "--filter", "attributes.status = 'RUNNING'");
        if (search.ExitCode != 0) rig.Problem($"`runs search` failed: {search.Stderr.Trim()}");
        foreach (var id in killedRuns.Where(id => search.Out.Contains(id, StringComparison.Ordinal))) rig.Problem($"killed run {id} is still listed as RUNNING");
        rig.Finish();
    }

    [Fact]
    public async Task KilledModelsRegister_LeavesEveryPrintedVersionWhole()
    {
        var rig = new FaultRig(output, "models register");
        var rng = rig.NewRandom();
        rig.Log($"seed {rig.Seed} (replay with MLNB_FAULT_SEED={rig.Seed})");
        using var w = new TempDir();
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "init")).ExitCode);
        var onnx = w.File("model.onnx");
        BreastCancerOnnx.Train(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), onnx);
        var runId = (await FaultRig.MlnbAsync(w.Path, null, "runs", "create", "-e", "models")).Out;
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "artifacts", "log", onnx, "--run", runId, "--artifact-path", "model")).ExitCode);
        var acked = new List<int>();
        var cache = Path.Combine(w.Path, ".mlnb", "cache");
        for (var i = 0; i < FaultRig.Count(6); i++)
        {
            var fault = FaultRig.Pick(rng, ["registry.files", "store.place"], 2, 1500);
            var r = await FaultRig.MlnbAsync(w.Path, fault, "models", "register", "--run", runId, "--artifact", "model", "--name", "churn");
            rig.Faults++;
            if (r.Killed) rig.Killed++;
            else if (r.ExitCode == 0) acked.Add(int.Parse(r.Out, System.Globalization.CultureInfo.InvariantCulture));
            else rig.Problem($"register under {fault} failed without being killed: {r.Stderr.Trim()}");
            rig.Log($"fault {i}: register with {fault}: {(r.Killed ? "killed" : $"exit {r.ExitCode}")}");
            rig.Partial += rig.CountPartialObjects(cache);
            var next = await FaultRig.MlnbAsync(w.Path, null, "models", "register", "--run", runId, "--artifact", "model", "--name", "churn");
            if (next.ExitCode != 0) rig.Problem($"the next register after {fault} failed: {next.Stderr.Trim()}");
            else acked.Add(int.Parse(next.Out, System.Globalization.CultureInfo.InvariantCulture));
            await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = w.Path, Environment = _ => null }))
                foreach (var v in acked)
                {
                    var version = await ws.Registry.GetVersionAsync("churn", v);
                    var broken = version.Package.Files.Count(f => !ws.Content.Contains(f.Md5) || !ws.Content.VerifyAsync(f.Md5).GetAwaiter().GetResult());
                    if (broken > 0) rig.Problem($"version {v} (acknowledged) has {broken} missing or damaged files after {fault}");
                    rig.Lost += broken > 0 ? 1 : 0;
                }
            rig.Stale += rig.CountTempFiles(Path.Combine(cache, "tmp"));
        }
        rig.Finish();
    }
}
