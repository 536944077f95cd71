using System.Diagnostics;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Serving.Tests.Support;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;
using Xunit.Abstractions;

namespace MlNotebooks.Cli.Tests.Faults;

/// <summary>
/// The slow processes, killed a few times each (libtorch and ONNX Runtime take seconds to start): <c>train</c> right
/// after its k-th checkpoint, and <c>serve</c> in the middle of a hot swap. After each: the killed run reads as
/// KILLED, every checkpoint it logged is whole and resumable, the registry is whole and a new server serves the
/// version the alias points at.
/// </summary>
public sealed class TrainServeFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KilledTrainAfterACheckpoint_ReadsAsKilledAndResumesFromIt()
    {
        var rig = new FaultRig(output, "train with checkpoints");
        var rng = rig.NewRandom();
        rig.Log($"seed {rig.Seed} (replay with MLNB_FAULT_SEED={rig.Seed})");
        using var p = await TrainProject.CreateAsync();
        var cache = Path.Combine(p.Path, ".mlnb", "cache");
        for (var i = 0; i < FaultRig.Count(2); i++)
        {
            var fault = new Fault("train.checkpoint", rng.Next(1, 4), 0);
            var r = await FaultRig.MlnbAsync(p.Path, fault, "train", "def.cs", "--data", "breast_cancer.csv", "--epochs", "5", "--checkpoint-every", "1", "--progress", "jsonl", "--no-onnx");
            rig.Faults++;
            if (r.Killed) rig.Killed++;
            else rig.Problem($"train under {fault} was not killed (exit {r.ExitCode}): {r.Stderr.Trim()}");
            var runId = r.Lines.Select(l => JsonNode.Parse(l)!.AsObject()).Where(o => (string?)o["event"] == "started").Select(o => (string)o["run_id"]!).FirstOrDefault();
            rig.Log($"fault {i}: train with {fault}: {(r.Killed ? "killed" : $"exit {r.ExitCode}")}, run {runId}");
            if (runId is null) { rig.Problem("train printed no run id before it was killed"); continue; }
            rig.Partial += rig.CountPartialObjects(cache);
            var show = await FaultRig.MlnbAsync(p.Path, null, "runs", "show", runId, "--json");
            if (!show.Out.Contains("\"KILLED\"", StringComparison.Ordinal)) rig.Problem($"run {runId} does not read as KILLED: {show.Out}{show.Stderr}");
            await using (var ws = await p.OpenAsync())
            {
                var checkpoints = (await ws.Tracking.ListArtifactsAsync(runId, "checkpoints")).Where(e => e.Path.StartsWith("checkpoints/epoch-", StringComparison.Ordinal)).ToList();
                var whole = 0;
                foreach (var c in checkpoints) if (await ws.Content.VerifyAsync(c.Md5)) whole++;
                if (whole < fault.Count) { rig.Lost += fault.Count - whole; rig.Problem($"run {runId}: {whole} whole checkpoints, {fault.Count} were logged before the kill"); }
            }
            var next = await FaultRig.MlnbAsync(p.Path, null, "train", "def.cs", "--data", "breast_cancer.csv", "--epochs", "5", "--checkpoint-every", "1", "--resume", runId, "--no-onnx", "-q");
            if (next.ExitCode != 0) rig.Problem($"resuming {runId} failed: {next.Stderr.Trim()}");
            rig.Stale += rig.CountTempFiles(Path.Combine(cache, "tmp"));
        }
        rig.Finish();
    }

    [Fact]
    public async Task KilledServeDuringAHotSwap_LeavesTheRegistryWholeAndANewServerServesTheAlias()
    {
        var rig = new FaultRig(output, "serve during a hot swap");
        using var w = new TempDir();
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "init")).ExitCode);
        var onnx = w.File("model.onnx");
        BreastCancerOnnx.Train(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"), onnx);
        var runId = (await FaultRig.MlnbAsync(w.Path, null, "runs", "create", "-e", "serve")).Out;
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "artifacts", "log", onnx, "--run", runId, "--artifact-path", "model")).ExitCode);
        for (var v = 0; v < 2; v++)
            Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "models", "register", "--run", runId, "--artifact", "model", "--name", "churn")).ExitCode);
        Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "models", "promote", "churn", "--version", "1", "--to", "production")).ExitCode);
        var cache = Path.Combine(w.Path, ".mlnb", "cache");
        for (var i = 0; i < FaultRig.Count(2); i++)
        {
            var (from, to) = i % 2 == 0 ? (1, 2) : (2, 1);
            using (var server = Serve(w.Path, "serve.swap:1"))
            {
                await server.WaitForLineAsync($"(version {from})");
                Assert.Equal(0, (await FaultRig.MlnbAsync(w.Path, null, "models", "promote", "churn", "--version", to.ToString(System.Globalization.CultureInfo.InvariantCulture), "--to", "production")).ExitCode);
                var killed = server.Process.WaitForExit(60_000) && server.Process.ExitCode == 137;
                rig.Faults++;
                if (killed) rig.Killed++;
                else rig.Problem("the server was not killed at the swap");
                rig.Log($"fault {i}: serve with serve.swap:1 while production moved {from} -> {to}: {(killed ? "killed" : "not killed")}");
            }
            rig.Partial += rig.CountPartialObjects(cache);
            await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { StartDirectory = w.Path, Environment = _ => null }))
                for (var v = 1; v <= 2; v++)
                    foreach (var f in (await ws.Registry.GetVersionAsync("churn", v)).Package.Files)
                        if (!await ws.Content.VerifyAsync(f.Md5)) { rig.Lost++; rig.Problem($"version {v}'s {f.Path} is damaged"); }
            using (var again = Serve(w.Path, null))
            {
                var line = await again.WaitForLineAsync("(version ");
                if (!line.Contains($"(version {to})", StringComparison.Ordinal)) rig.Problem($"a new server does not serve the moved alias: {line}");
                again.Process.Kill();
            }
            rig.Stale += rig.CountTempFiles(Path.Combine(cache, "tmp"));
        }
        rig.Finish();
    }

    private static ServerProcess Serve(string dir, string? faultPoint)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { MlnbProcess.DllPath, "serve", "models:/churn@production", "--port", "0", "--poll-interval-ms", "100" }) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_TRACKING_URI"] = null;
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["MLNB_FAULT_POINT"] = faultPoint;
        return new ServerProcess(Process.Start(psi)!);
    }

    private sealed class ServerProcess(Process process) : IDisposable
    {
        public Process Process { get; } = process;

        public async Task<string> WaitForLineAsync(string part)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (await Process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                if (line.Contains(part, StringComparison.Ordinal)) return line;
            throw new InvalidOperationException($"the server ended before printing '{part}': {await Process.StandardError.ReadToEndAsync()}");
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill();
            Process.WaitForExit();
            Process.Dispose();
        }
    }
}
