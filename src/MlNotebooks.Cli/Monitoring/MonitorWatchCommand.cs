using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Monitoring;

/// <summary>
/// <c>mlnb monitor watch models:/NAME@ALIAS --retrain DEFINITION --data PATH [--every 5m] [--once]</c>: measures the
/// drift of the current data (the file, or the windows the server recorded) against the version's reference; when
/// the dataset drifts, retrains on <c>--data</c> as a tracked run whose lineage records the drift report, registers
/// the new version and asks for the alias through its gates. Ctrl+C or SIGTERM stops it between checks.
/// </summary>
internal sealed class MonitorWatchCommand : WorkspaceCommand<MonitorWatchCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<MODEL_URI>")]
        [Description("models:/NAME@ALIAS (the alias a retrained version is promoted to)")]
        public string Model { get; init; } = "";

        [CommandOption("--retrain <DEFINITION>")]
        [Description("What `mlnb train` runs on drift: a built-in (mlp, logreg, sdca, fasttree, ...) or a C# file")]
        public string? Retrain { get; init; }

        [CommandOption("--data <PATH>")]
        [Description("The newer data (CSV or Parquet, the label last): the current window, and what a retraining trains on")]
        public string? Data { get; init; }

        [CommandOption("--every <DURATION>")]
        [Description("Time between checks (default 5m)")]
        public string Every { get; init; } = "5m";

        [CommandOption("--once")]
        [Description("Check once (retraining when it drifted) and exit: for CI and tests")]
        public bool Once { get; init; }

        [CommandOption("--recorded")]
        [Description("Measure the windows the server recorded in the last --window instead of --data (--data is still what retraining trains on)")]
        public bool Recorded { get; init; }

        [CommandOption("--window <DURATION>")]
        [Description("With --recorded: how far back recorded windows are taken (default 1h)")]
        public string Window { get; init; } = "1h";

        [CommandOption("--record-dir <DIR>")]
        [Description("With --recorded: where the server recorded (default: .mlnb/recordings in the workspace)")]
        public string? RecordDir { get; init; }

        [CommandOption("--reference <FILE>")]
        [Description("The reference (default: the version's training data input, kept at registration)")]
        public string? Reference { get; init; }

        [CommandOption("--columns <NAMES>")]
        [Description("Comma-separated columns to compare")]
        public string? Columns { get; init; }

        [CommandOption("--drift-share <SHARE>")]
        [Description("Dataset drift when at least this share of columns drift (default 0.5)")]
        public double DriftShare { get; init; } = 0.5;

        [CommandOption("-e|--experiment <NAME>")]
        [Description("Experiment of the retraining runs (default: retrain)")]
        public string Experiment { get; init; } = "retrain";

        [CommandOption("--epochs <N>")]
        [Description("Epochs of the retraining (default: the definition's)")]
        public int? Epochs { get; init; }

        [CommandOption("-p|--param <KEY=VALUE>")]
        [Description("A definition param of the retraining (repeatable), as for `mlnb train`")]
        public string[] Params { get; init; } = [];
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var uri = ModelUri.Parse(s.Model);
        if (uri.Alias is null) throw MlnbException.Invalid($"watch a model by its alias, e.g. models:/{uri.Name}@production, not a fixed version: retrained versions are promoted to that alias");
        if (string.IsNullOrEmpty(s.Retrain)) throw MlnbException.Invalid("give what to retrain on drift, e.g. --retrain sdca or --retrain train.cs (as `mlnb train` takes it)");
        if (string.IsNullOrEmpty(s.Data)) throw MlnbException.Invalid("give the newer data with --data PATH (CSV or Parquet, the label last): it is measured and, on drift, trained on");
        if (!File.Exists(s.Data)) throw MlnbException.NotFound($"--data '{s.Data}' does not exist; give the path of the newer data (CSV or Parquet)");
        var every = RecordingOptions.ParseDuration(s.Every, "--every");
        var window = RecordingOptions.ParseDuration(s.Window, "--window");
        await ws.Registry.ResolveAsync(uri, ct).ConfigureAwait(false); // unknown model or alias: fail before the loop

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            var retrainer = new DriftRetrainer(ws, s);
            while (true)
            {
                var outcome = await CheckAsync(ws, s, uri, window, retrainer, stop.Token).ConfigureAwait(false);
                if (s.Once) return outcome == WatchOutcome.Refused ? 1 : 0;
                Log($"next check in {s.Every}");
                await Task.Delay(every, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            Log("stopped");
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<WatchOutcome> CheckAsync(Workspace ws, Settings s, ModelUri uri, TimeSpan window, DriftRetrainer retrainer, CancellationToken ct)
    {
        var version = await ws.Registry.ResolveAsync(uri, ct).ConfigureAwait(false);
        var reference = await ReferenceWindow.ReadAsync(ws, version, s.Reference, ct).ConfigureAwait(false);
        var (current, currentLabel) = s.Recorded ? await RecordedAsync(ws, s, version, window, ct).ConfigureAwait(false)
            : (await MonitoringFiles.ReadAsync(s.Data!, ct).ConfigureAwait(false), s.Data!);
        var (referenceTable, compared) = reference.Align(s.Columns, current);
        var options = new DriftOptions { DriftShare = s.DriftShare, Columns = compared };
        options.Validate();
        var report = DriftDetector.Detect(referenceTable, current, options);
        var verdict = $"{report.DriftedColumns} of {report.Columns.Count} columns drifted, share {report.DriftShare.ToString("0.###", CultureInfo.InvariantCulture)} vs {report.DriftShareThreshold.ToString("0.###", CultureInfo.InvariantCulture)}";
        Log($"{uri.Name}@{uri.Alias} is version {version.Version}; {currentLabel} ({report.CurrentRows} rows) against {reference.Label} ({report.ReferenceRows} rows)");
        if (!report.DatasetDrift)
        {
            Log($"no dataset drift ({verdict}); nothing to retrain");
            return WatchOutcome.NoDrift;
        }
        Log($"dataset drift ({verdict}): {string.Join(", ", report.Columns.Where(c => c.Drifted).Select(c => c.Column))}");
        return await retrainer.RetrainAsync(uri, version, report, reference with { Table = referenceTable }, current, ct).ConfigureAwait(false);
    }

    private static async Task<(ColumnTable, string)> RecordedAsync(Workspace ws, Settings s, ModelVersion version, TimeSpan window, CancellationToken ct)
    {
        var dir = s.RecordDir ?? Path.Combine(ws.Root ?? Environment.CurrentDirectory, ".mlnb", "recordings");
        var files = MonitorReportCommand.RecordedWindows(dir, version, DateTimeOffset.UtcNow - window);
        if (files.Count == 0)
            throw MlnbException.NotFound($"no window of '{version.Name}' version {version.Version} was recorded in the last {s.Window} under {dir}; serve it with --record-rate, give a longer --window, or leave out --recorded to measure --data");
        var tables = new List<ColumnTable>();
        foreach (var f in files) tables.Add(await MonitoringFiles.ReadAsync(f, ct).ConfigureAwait(false));
        return (MonitorReportCommand.Concat(tables, files), $"{files.Count} recorded window(s)");
    }

    internal static void Log(string message) =>
        Console.WriteLine($"{DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {message}");
}

/// <summary>What one check did.</summary>
internal enum WatchOutcome
{
    /// <summary>No dataset drift.</summary>
    NoDrift,

    /// <summary>Drift; retrained, registered, promoted.</summary>
    Promoted,

    /// <summary>Drift; retrained and registered, but the alias's gates refused the new version.</summary>
    Refused,
}
