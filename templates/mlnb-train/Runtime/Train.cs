using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Job;

/// <summary>A finished <c>#!train</c>: the training run and its final metrics.</summary>
/// <param name="RunId">The training run (a child of the active run, when one was active).</param>
/// <param name="Metrics">Final metrics, as `mlnb train` reported them.</param>
public sealed record TrainResult(string RunId, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// The notebook's <c>#!train</c>: runs <c>mlnb train DEFINITION --progress jsonl</c> as a child process, exactly as the
/// magic does (libtorch stays out of the job; the same definition, options, experiment and parent run give the same
/// model), in the job's workspace. mlnb is <c>MLNB_CLI</c> (a path to mlnb.dll or an executable), else <c>mlnb</c> on PATH.
/// </summary>
public static class Train
{
    /// <summary>The environment variable naming the mlnb command line.</summary>
    public const string CliVariable = "MLNB_CLI";

    /// <summary>The last training this job ran, or null.</summary>
    public static TrainResult? Last { get; private set; }

    /// <summary>Trains <paramref name="definition"/> (bundled: a cell definition shipped with the job; else a path from the working folder).</summary>
    public static TrainResult Run(string definition, bool bundled, string? experiment, string? name, string[]? options = null)
    {
        var file = bundled ? Path.Combine(AppContext.BaseDirectory, definition) : Path.GetFullPath(definition);
        if (!File.Exists(file)) throw new InvalidOperationException($"training definition '{file}' does not exist; {(bundled ? "build the job again (definitions/ is copied to its output)" : "run the job where the notebook's definition file is, or make it in an earlier cell")}");
        var parent = Track.Current;
        parent?.FlushAsync().GetAwaiter().GetResult();
        var ws = Track.Workspace;
        var exp = experiment ?? (parent is null ? "train" : ws.Tracking.GetExperimentAsync(parent.Run.Info.ExperimentId).GetAwaiter().GetResult().Name);
        var args = new List<string> { "train", file, "--progress", "jsonl", "-e", exp };
        if (name is not null) args.AddRange(["--run-name", name]);
        if (parent is not null) args.AddRange(["--parent-run", parent.RunId]);
        options ??= [];
        for (var i = 0; i + 1 < options.Length; i += 2)
            args.AddRange([options[i], options[i] == "--data" ? Path.GetFullPath(options[i + 1]) : options[i + 1]]);

        var (program, prefix) = Cli();
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Environment.CurrentDirectory };
        foreach (var a in prefix.Concat(args)) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_CONTENT_ROOT"] = ws.Content.Root;
        psi.Environment["NO_COLOR"] = "1";
        Console.WriteLine($"train {Path.GetFileName(file)} in experiment '{exp}'{(parent is null ? "" : $", child of run {parent.RunId}")}");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {program}");
        var stderr = process.StandardError.ReadToEndAsync();
        TrainResult? result = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (!line.StartsWith('{')) continue;
            var o = JsonNode.Parse(line)!.AsObject();
            switch ((string?)o["event"])
            {
                case "epoch":
                    Console.WriteLine($"epoch {o["epoch"]}/{o["epochs"]}  train_loss {Number(o["train_loss"]):G6}  val_loss {Number(o["val_loss"]):G6}");
                    break;
                case "result":
                    result = new TrainResult((string)o["run_id"]!, o["metrics"]!.AsObject().ToDictionary(kv => kv.Key, kv => Number(kv.Value)));
                    break;
            }
        }
        process.WaitForExit();
        var errors = stderr.GetAwaiter().GetResult().ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"mlnb train exited with code {process.ExitCode}: " + (errors.LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal))?["error: ".Length..] ?? errors.LastOrDefault() ?? "no message"));
        if (result is null) throw new InvalidOperationException("mlnb train ended without a result line; run the same training with `mlnb train` to see its output");
        Console.WriteLine($"run {result.RunId} trained: " + string.Join(", ", result.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} {m.Value.ToString("G6", CultureInfo.InvariantCulture)}")));
        Last = result;
        return result;
    }

    private static (string Program, string[] Prefix) Cli()
    {
        if (Environment.GetEnvironmentVariable(CliVariable) is { Length: > 0 } configured)
        {
            if (!File.Exists(configured)) throw new InvalidOperationException($"{CliVariable}={configured} does not exist; point it at mlnb.dll or the mlnb executable");
            return configured.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (DotnetHost(), [configured]) : (configured, []);
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "mlnb"))) return (Path.Combine(dir, "mlnb"), []);
        throw new InvalidOperationException($"the notebook trains with #!train, which runs `mlnb train`, and mlnb was not found; set {CliVariable} to the path of mlnb.dll or put mlnb on PATH");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    private static double Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? double.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture) : node!.GetValue<double>();
}
