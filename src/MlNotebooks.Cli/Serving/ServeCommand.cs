using System.ComponentModel;
using System.Runtime.InteropServices;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Serving.Batching;
using MlNotebooks.Serving.Hosting;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Serving;

internal sealed class ServeCommand : WorkspaceCommand<ServeCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<MODEL_URI>")]
        [Description("models:/NAME@ALIAS or models:/NAME/VERSION; repeat for several models")]
        public string[] Models { get; init; } = [];

        [CommandOption("--host <ADDRESS>")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("-p|--port <PORT>")]
        public int Port { get; init; } = 8080;

        [CommandOption("--max-batch-size <N>")]
        public int MaxBatchSize { get; init; } = 32;

        [CommandOption("--max-queue-delay-ms <MS>")]
        [Description("How long a request waits for others to batch with (default 0: only what is already queued)")]
        public double MaxQueueDelayMs { get; init; }

        [CommandOption("--poll-interval-ms <MS>")]
        [Description("How often aliases are checked for a move (hot swap)")]
        public int PollIntervalMs { get; init; } = 2000;

        [CommandOption("--canary <MODEL_URI>")]
        [Description("A candidate version answering --canary-share of the requests")]
        public string? Canary { get; init; }

        [CommandOption("--canary-share <SHARE>")]
        public double CanaryShare { get; init; } = 0.1;

        [CommandOption("--shadow <MODEL_URI>")]
        [Description("A candidate version every request is mirrored to; its answers are recorded, not returned")]
        public string? Shadow { get; init; }

        [CommandOption("--shadow-log <FILE>")]
        [Description("JSON lines file for shadow comparisons")]
        public string? ShadowLog { get; init; }

        [CommandOption("--rollback-error-rate <RATE>")]
        public double RollbackErrorRate { get; init; } = 0.05;

        [CommandOption("--rollback-p99-ms <MS>")]
        public double RollbackP99Ms { get; init; } = 250;

        [CommandOption("--rollback-window-s <S>")]
        public double RollbackWindowS { get; init; } = 60;

        [CommandOption("--rollback-min-requests <N>")]
        public int RollbackMinRequests { get; init; } = 20;

        [CommandOption("--record-rate <SHARE>")]
        [Description("Record this share of infer requests (inputs and outputs) for monitoring, e.g. 0.1; off unless given")]
        public double? RecordRate { get; init; }

        [CommandOption("--record-window <DURATION>")]
        [Description("One Parquet file per model version per window (default 5m)")]
        public string RecordWindow { get; init; } = "5m";

        [CommandOption("--record-dir <DIR>")]
        [Description("Where windows are written (default: .mlnb/recordings in the workspace)")]
        public string? RecordDir { get; init; }

        [CommandOption("--record-capacity <N>")]
        [Description("Sampled requests queued before new ones are dropped and counted (default 10000)")]
        public int RecordCapacity { get; init; } = 10_000;

        [CommandOption("--drift-reference <FILE>")]
        [Description("CSV or Parquet reference: /metrics gets mlnb_drift_score and mlnb_dataset_drift of the current window against it")]
        public string? DriftReference { get; init; }

        [CommandOption("--drift-every <DURATION>")]
        [Description("How often the drift gauges are recomputed (default 1m)")]
        public string DriftEvery { get; init; } = "1m";

        [CommandOption("--feature-repo <DIR>")]
        [Description("The feature repo (features.yaml) for models whose serving.json fetches features by entity key; overrides the repo it names")]
        public string? FeatureRepo { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            Models.Length == 0 ? Spectre.Console.ValidationResult.Error("give a model to serve, e.g. `mlnb serve models:/churn@production`")
            : Canary is not null && Shadow is not null ? Spectre.Console.ValidationResult.Error("give --canary or --shadow, not both")
            : DriftReference is not null && RecordRate is null ? Spectre.Console.ValidationResult.Error("--drift-reference compares recorded requests: give --record-rate too, e.g. --record-rate 0.1")
            : Spectre.Console.ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var candidate = s.Canary ?? s.Shadow;
        var options = new ModelServerOptions
        {
            Models = s.Models,
            Host = s.Host,
            Port = s.Port,
            Batching = new BatchingOptions { MaxBatchSize = s.MaxBatchSize, MaxQueueDelay = TimeSpan.FromMilliseconds(s.MaxQueueDelayMs) },
            AliasPollInterval = TimeSpan.FromMilliseconds(Math.Max(100, s.PollIntervalMs)),
            FeatureLookups = new MlNotebooks.Features.Serving.OnlineFeatureLookups(ws, s.FeatureRepo),
            Candidate = candidate is null ? null : new CandidateOptions
            {
                ModelUri = candidate,
                Mode = s.Canary is not null ? CandidateMode.Canary : CandidateMode.Shadow,
                Share = s.CanaryShare,
                ShadowLogPath = s.ShadowLog,
                MaxErrorRate = s.RollbackErrorRate,
                MaxP99Latency = TimeSpan.FromMilliseconds(s.RollbackP99Ms),
                Window = TimeSpan.FromSeconds(s.RollbackWindowS),
                MinRequests = s.RollbackMinRequests,
            },
            Recording = s.RecordRate is not { } rate ? null : new RecordingOptions
            {
                Directory = s.RecordDir ?? Path.Combine(ws.Root ?? Environment.CurrentDirectory, ".mlnb", "recordings"),
                Rate = rate,
                Window = RecordingOptions.ParseDuration(s.RecordWindow, "--record-window"),
                Capacity = s.RecordCapacity,
                DriftReference = s.DriftReference,
                DriftInterval = RecordingOptions.ParseDuration(s.DriftEvery, "--drift-every"),
            },
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        await using var server = await ModelServer.StartAsync(ws, options, ct).ConfigureAwait(false);
        foreach (var (name, version) in server.ServedVersions)
            Console.WriteLine($"serving {s.Models.First(m => m.Contains(name, StringComparison.Ordinal))} (version {version}) at {server.BaseAddress}v2/models/{name}");
        foreach (var (name, features) in server.ServedFeatures) Console.WriteLine($"{name} fetches features {features}");
        if (candidate is not null) Console.WriteLine($"{(s.Canary is not null ? $"canary ({s.CanaryShare:P0} of requests)" : "shadow")}: {candidate}");
        if (options.Recording is { } r)
            Console.WriteLine($"recording {r.Rate:P0} of requests to {r.Directory} in {s.RecordWindow} windows{(r.DriftReference is null ? "" : $"; drift against {r.DriftReference} every {s.DriftEvery}")}");
        Console.WriteLine("metrics at " + server.BaseAddress + "metrics; Ctrl+C stops");
        if (int.TryParse(Environment.GetEnvironmentVariable(ParentPidVariable), out var parent))
            _ = StopWhenGoneAsync(parent, stop);
        await server.WaitForShutdownAsync(stop.Token).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Set by a parent that starts the server as its child (the notebook's <c>#!deploy</c>): the server stops when that
    /// process is gone, even when it was killed and could not stop its children.
    /// </summary>
    public const string ParentPidVariable = "MLNB_SERVE_PARENT_PID";

    private static async Task StopWhenGoneAsync(int pid, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var parent = System.Diagnostics.Process.GetProcessById(pid);
                if (parent.HasExited) break;
            }
            catch (ArgumentException) { break; } // no such process
            try { await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
        Console.Error.WriteLine($"parent process {pid} is gone; stopping");
        await stop.CancelAsync().ConfigureAwait(false);
    }
}
