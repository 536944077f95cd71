using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Interactive.Processes;

namespace MlNotebooks.Interactive.Magics.Train;

/// <summary>One finished epoch as <c>mlnb train --progress jsonl</c> reports it (epochs count from 1).</summary>
internal sealed record EpochPoint(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, double? ValidationAccuracy);

/// <summary>What the child's result line says.</summary>
internal sealed record TrainOutcome(string RunId, IReadOnlyDictionary<string, double> Metrics, string? OnnxArtifact, double? OnnxMaxAbsDiff);

/// <summary>
/// Runs <c>mlnb train … --progress jsonl</c> as a child process (libtorch stays out of the kernel) and reads its lines:
/// <c>started</c>, one <c>epoch</c> per epoch, then <c>result</c>. Cancelling kills the child's process tree and ends
/// its run KILLED; a failed child becomes an <see cref="MlnbException"/> with the child's one-line error.
/// </summary>
internal static class TrainProcess
{
    public static async Task<TrainOutcome> RunAsync(IReadOnlyList<string> args, string workingDirectory, Workspace workspace, string? trackingUri,
        Action<EpochPoint> epochEnded, Func<string, Task> killed, CancellationToken ct)
    {
        var psi = MlnbCli.StartInfo(args, workingDirectory, workspace, trackingUri);
        using var process = Process.Start(psi) ?? throw MlnbException.State($"could not start {psi.FileName}");
        string? runId = null;
        TrainOutcome? outcome = null;
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using (ct.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ } }))
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith('{')) continue;
                var o = JsonNode.Parse(line)!.AsObject();
                switch ((string?)o["event"])
                {
                    case "started": runId = (string?)o["run_id"]; break;
                    case "epoch": epochEnded(new EpochPoint((int)o["epoch"]!, (int)o["epochs"]!, Number(o["train_loss"])!.Value, Number(o["val_loss"])!.Value, Number(o["val_accuracy"]))); break;
                    case "result":
                        outcome = new TrainOutcome((string)o["run_id"]!, o["metrics"]!.AsObject().ToDictionary(kv => kv.Key, kv => Number(kv.Value)!.Value),
                            (string?)o["onnx_artifact"], Number(o["onnx_max_abs_diff"]));
                        break;
                }
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        var errors = await stderr.ConfigureAwait(false);
        if (ct.IsCancellationRequested)
        {
            if (runId is not null) await killed(runId).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
        if (process.ExitCode != 0) throw MlnbCli.ChildFailed("mlnb train", process.ExitCode, errors.ReplaceLineEndings("\n").Split('\n'));
        return outcome ?? throw MlnbException.State("mlnb train ended without a result line; run the same training with `mlnb train` to see its output");
    }

    private static double? Number(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => double.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture),
        _ => node.GetValue<double>(),
    };
}
