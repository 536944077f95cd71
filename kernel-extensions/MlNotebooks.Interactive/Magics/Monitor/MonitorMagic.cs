using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;
using MlNotebooks.Interactive.Charts;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;
using static MlNotebooks.Interactive.Magics.MagicHandlers;

namespace MlNotebooks.Interactive.Magics.Monitor;

/// <summary>
/// <c>#!monitor drift REFERENCE CURRENT</c>: the drift of two CSV windows, computed in the kernel by the core's
/// <see cref="DriftDetector"/> (as <c>mlnb monitor drift</c>), shown as the HTML report with per-column plots and a
/// plain-text twin. Parquet windows go through <c>mlnb monitor drift</c> (the kernel does not load Parquet.Net).
/// </summary>
internal sealed class MonitorMagic(TrackingSession session) : IMagic
{
    private static readonly HashSet<string> ValuedOptions = ["--stattest", "--threshold", "--drift-share", "--columns", "--prediction"];

    private readonly KernelActionDirective _drift = new("drift")
    {
        Description = "Drift of CURRENT against REFERENCE (CSV files), per column and for the dataset: REFERENCE CURRENT [--stattest T|COL=T] [--threshold V|COL=V] [--drift-share S] [--columns A,B] [--prediction COL]",
        Parameters =
        {
            new KernelDirectiveParameter("--files", "REFERENCE CURRENT") { AllowImplicitName = true },
            new KernelDirectiveParameter("--stattest", "ks, chisquare, z, wasserstein, jensenshannon, psi, or COLUMN=TEST (repeatable)") { MaxOccurrences = 100 },
            new KernelDirectiveParameter("--threshold", "A threshold, or COLUMN=VALUE (repeatable)") { MaxOccurrences = 100 },
            new KernelDirectiveParameter("--drift-share", "Dataset drift when at least this share of columns drift (default 0.5)") { TypeHint = "number" },
            new KernelDirectiveParameter("--columns", "Comma-separated columns to compare"),
            new KernelDirectiveParameter("--prediction", "The prediction column (prediction drift)"),
        },
    };

    private readonly KernelActionDirective _report = new("report")
    {
        Description = "Drift of the windows the server recorded (mlnb serve --record-rate) for a model version: models:/NAME@ALIAS [--reference FILE] [--window 1h] [--columns A,B]",
        Parameters =
        {
            new KernelDirectiveParameter("--model", "models:/NAME@ALIAS or models:/NAME/VERSION") { AllowImplicitName = true },
            new KernelDirectiveParameter("--reference", "The reference (CSV or Parquet); default: the version's training data, kept at registration"),
            new KernelDirectiveParameter("--window", "How far back recorded windows are taken (default 1h)"),
            new KernelDirectiveParameter("--columns", "Comma-separated columns to compare"),
        },
    };

    private readonly KernelActionDirective _watch = new("watch")
    {
        Description = "One check of mlnb monitor watch: drift of --data against the version's reference; on drift retrain, register, promote through the gates: models:/NAME@ALIAS --retrain DEFINITION --data PATH [--epochs N] [--reference FILE]",
        Parameters =
        {
            new KernelDirectiveParameter("--model", "models:/NAME@ALIAS") { AllowImplicitName = true },
            new KernelDirectiveParameter("--retrain", "What `mlnb train` runs on drift: a built-in (sdca, mlp, ...) or a C# file"),
            new KernelDirectiveParameter("--data", "The newer data (CSV or Parquet, the label last)"),
            new KernelDirectiveParameter("--epochs", "Epochs of the retraining") { TypeHint = "number" },
            new KernelDirectiveParameter("--reference", "The reference (default: the version's training data)"),
        },
    };

    private KernelActionDirective? _directive;

    public KernelActionDirective Directive => _directive ??= new KernelActionDirective("#!monitor")
    {
        Description = "Monitoring: data drift between a reference and a current window; retraining on drift.",
        Subcommands = { _drift, _report, _watch },
    };

    public IReadOnlyList<string> HelpLines => Directive.Subcommands.Select(s => $"#!monitor {s.Name} — {s.Description}").ToList();

    public void Register(Kernel kernel)
    {
        DriftView.Register();
        kernel.AddDirective<MonitorCommand>(Directive, (c, ctx) =>
        {
            ctx.Fail(c, message: $"#!monitor needs a subcommand; use one of: {string.Join(", ", Directive.Subcommands.Select(s => s.Name))}");
            return Task.CompletedTask;
        });
        kernel.AddDirective<MonitorDriftCommand>(_drift, Handle<MonitorDriftCommand>((c, ctx) =>
        {
            var tokens = DirectiveText.Of(c) ?? [];
            var files = DirectiveText.Positionals(tokens, ValuedOptions);
            if (files.Count != 2) throw MlnbException.Invalid("#!monitor drift needs two files, REFERENCE and CURRENT; write e.g. `#!monitor drift train.csv today.csv`");
            var options = Options(tokens, c);
            options.Validate();
            var reference = Read(files[0]);
            var current = Read(files[1]);
            var report = DriftDetector.Detect(reference, current, options);
            // The report's body inline (not a frame): plotly.js comes once per kernel session, as for #!track's charts.
            var id = "mlnb-drift-" + Guid.NewGuid().ToString("N")[..12];
            var html = Style + MetricChart.PlotlyLoaderFor(id)
                + DriftHtml.Fragment(report, reference, current, $"Data drift: {Path.GetFileName(files[1])} vs {Path.GetFileName(files[0])}", id);
            Show(ctx, new DriftView(html, DriftText.Format(report)));
            return Task.CompletedTask;
        }));
        kernel.AddDirective<MonitorReportCommand>(_report, Handle<MonitorReportCommand>(ReportAsync));
        kernel.AddDirective<MonitorWatchCommand>(_watch, Handle<MonitorWatchCommand>(WatchAsync));
    }

    /// <summary>Runs <c>mlnb monitor watch … --once</c> (training in its own process) and shows its log; a refused promotion is shown, not thrown.</summary>
    private async Task WatchAsync(MonitorWatchCommand c, KernelInvocationContext ctx)
    {
        if (string.IsNullOrWhiteSpace(c.Model) || string.IsNullOrWhiteSpace(c.Retrain) || string.IsNullOrWhiteSpace(c.Data))
            throw MlnbException.Invalid("#!monitor watch needs a model, --retrain and --data, e.g. `#!monitor watch models:/churn@production --retrain sdca --data data/new.csv`");
        List<string> args = ["monitor", "watch", c.Model, "--retrain", c.Retrain, "--data", c.Data, "--once"];
        if (c.Epochs is { } epochs) args.AddRange(["--epochs", epochs.ToString(CultureInfo.InvariantCulture)]);
        if (c.Reference is { } reference) args.AddRange(["--reference", reference]);
        var text = await RunMlnbAsync(args, "mlnb monitor watch", ctx, exit => exit is 0 or 1).ConfigureAwait(false);
        Show(ctx, new DriftView($"{Style}<div class=\"mlnb-drift-report\"><pre>{System.Net.WebUtility.HtmlEncode(text)}</pre></div>", text));
    }

    private async Task<string> RunMlnbAsync(List<string> args, string what, KernelInvocationContext ctx, Func<int, bool> ok)
    {
        var ws = await session.WorkspaceAsync(ctx.CancellationToken).ConfigureAwait(false);
        var dir = session.StartDirectory ?? Environment.CurrentDirectory;
        using var process = System.Diagnostics.Process.Start(Processes.MlnbCli.StartInfo(args, dir, ws, session.TrackingUri)) ?? throw MlnbException.State("could not start mlnb");
        var stdout = process.StandardOutput.ReadToEndAsync(ctx.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(ctx.CancellationToken);
        await process.WaitForExitAsync(ctx.CancellationToken).ConfigureAwait(false);
        if (!ok(process.ExitCode)) throw Processes.MlnbCli.ChildFailed(what, process.ExitCode, (await stderr.ConfigureAwait(false)).ReplaceLineEndings("\n").Split('\n'));
        return (await stdout.ConfigureAwait(false)).Trim();
    }

    /// <summary>Runs <c>mlnb monitor report</c> (Parquet windows stay out of the kernel) and shows its table, with the HTML report's path.</summary>
    private async Task ReportAsync(MonitorReportCommand c, KernelInvocationContext ctx)
    {
        if (string.IsNullOrWhiteSpace(c.Model)) throw MlnbException.Invalid("#!monitor report needs a model, e.g. `#!monitor report models:/churn@production --reference train.csv --window 1h`");
        var html = Path.Combine(Path.GetTempPath(), "mlnb-drift-" + Guid.NewGuid().ToString("N")[..12] + ".html");
        List<string> args = ["monitor", "report", c.Model, "--window", c.Window ?? "1h", "--html", html];
        if (c.Reference is { Length: > 0 } reference) args.AddRange(["--reference", reference]);
        if (c.Columns is { } columns) args.AddRange(["--columns", columns]);
        var text = await RunMlnbAsync(args, "mlnb monitor report", ctx, exit => exit == 0).ConfigureAwait(false);
        var body = System.Net.WebUtility.HtmlEncode(text);
        Show(ctx, new DriftView($"{Style}<div class=\"mlnb-drift-report\"><pre>{body}</pre><p>Report with per-column plots: <code>{System.Net.WebUtility.HtmlEncode(html)}</code></p></div>", text + "\nHTML report: " + html));
    }

    private static ColumnTable Read(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            throw MlnbException.Invalid($"'{path}' is Parquet; #!monitor drift reads CSV in the kernel; run `mlnb monitor drift` for Parquet or save the window as CSV");
        return CsvTable.Read(Path.GetFullPath(path));
    }

    private static DriftOptions Options(IReadOnlyList<string> tokens, MonitorDriftCommand c)
    {
        string? all = null;
        double? threshold = null;
        var tests = new Dictionary<string, string>(StringComparer.Ordinal);
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 2; i < tokens.Count - 1; i++)
        {
            if (tokens[i] is not ("--stattest" or "--threshold")) continue;
            var value = tokens[++i];
            var eq = value.LastIndexOf('=');
            var (col, v) = eq > 0 ? (value[..eq], value[(eq + 1)..]) : ("", value);
            if (tokens[i - 1] == "--stattest") { if (col.Length == 0) all = v; else tests[col] = v; continue; }
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                throw MlnbException.Invalid($"--threshold '{value}' is not a number or COLUMN=NUMBER, e.g. --threshold 0.1 or --threshold age=0.2");
            if (col.Length == 0) threshold = d; else thresholds[col] = d;
        }
        return new DriftOptions
        {
            StatTest = all, ColumnStatTests = tests, Threshold = threshold, ColumnThresholds = thresholds,
            DriftShare = c.DriftShare ?? 0.5, PredictionColumn = c.Prediction,
            Columns = c.Columns?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
    }

    private const string Style = "<style>.mlnb-drift-report td,.mlnb-drift-report th{padding:2px 8px;text-align:left}.drift{color:#b00020;font-weight:600}.ok{color:#1b7f3b}.plot{width:720px;height:320px;display:inline-block}</style>\n";
}
