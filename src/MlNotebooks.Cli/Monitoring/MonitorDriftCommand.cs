using System.ComponentModel;
using System.Globalization;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring.Drift;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Monitoring;

/// <summary><c>mlnb monitor drift REFERENCE CURRENT</c>: reads both windows, computes drift, prints text or JSON, writes HTML.</summary>
internal sealed class MonitorDriftCommand : AsyncCommand<MonitorDriftCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<REFERENCE>")]
        [Description("Reference data (CSV, CSV.gz, TSV or Parquet)")]
        public string Reference { get; init; } = "";

        [CommandArgument(1, "<CURRENT>")]
        [Description("Current data, same columns")]
        public string Current { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print the report as JSON")]
        public bool Json { get; init; }

        [CommandOption("--html <OUT>")]
        [Description("Write a self-contained HTML report with per-column plots")]
        public string? Html { get; init; }

        [CommandOption("--stattest <TEST>")]
        [Description("A test for every column (ks, chisquare, z, wasserstein, jensenshannon, psi) or COLUMN=TEST; repeatable")]
        public string[] StatTests { get; init; } = [];

        [CommandOption("--threshold <VALUE>")]
        [Description("A threshold for every column, or COLUMN=VALUE; repeatable")]
        public string[] Thresholds { get; init; } = [];

        [CommandOption("--drift-share <SHARE>")]
        [Description("Dataset drift when at least this share of columns drift (default 0.5)")]
        public double DriftShare { get; init; } = 0.5;

        [CommandOption("--columns <NAMES>")]
        [Description("Comma-separated columns to compare (default: all of the reference)")]
        public string? Columns { get; init; }

        [CommandOption("--prom <OUT>")]
        [Description("Write the drift gauges (mlnb_drift_score, mlnb_drift_detected) as Prometheus text for --model/--model-version")]
        public string? Prom { get; init; }

        [CommandOption("--model <NAME>")]
        [Description("The model the gauges are labelled with (with --prom)")]
        public string? Model { get; init; }

        [CommandOption("--model-version <VERSION>")]
        [Description("The model version the gauges are labelled with (with --prom)")]
        public string? ModelVersion { get; init; }

        [CommandOption("--prediction <COLUMN>")]
        [Description("The prediction column: reported as prediction drift, not counted in the dataset share")]
        public string? Prediction { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken ct)
    {
        var options = Options(s);
        options.Validate();
        if (s.Prom is not null && (s.Model is null || s.ModelVersion is null))
            throw MlnbException.Invalid("--prom needs --model NAME and --model-version V to label the gauges, e.g. --prom drift.prom --model churn --model-version 3");
        var reference = await MonitoringFiles.ReadAsync(s.Reference, ct).ConfigureAwait(false);
        var current = await MonitoringFiles.ReadAsync(s.Current, ct).ConfigureAwait(false);
        var report = DriftDetector.Detect(reference, current, options);
        if (s.Html is { } html)
        {
            var tmp = html + ".tmp";
            await File.WriteAllTextAsync(tmp, DriftHtml.Build(report, reference, current, MonitoringFiles.PlotlyJs(), $"Data drift: {Path.GetFileName(s.Current)} vs {Path.GetFileName(s.Reference)}"), ct).ConfigureAwait(false);
            File.Move(tmp, html, overwrite: true);
        }
        if (s.Prom is { } prom)
        {
            await File.WriteAllTextAsync(prom + ".tmp", DriftPrometheus.Format(report, s.Model!, s.ModelVersion!), ct).ConfigureAwait(false);
            File.Move(prom + ".tmp", prom, overwrite: true);
        }
        if (s.Json) Render.Json(DriftJson.ToJson(report));
        else
        {
            Console.WriteLine(DriftText.Format(report));
            if (s.Html is not null) Console.WriteLine($"HTML report: {s.Html}");
        }
        return 0;
    }

    internal static DriftOptions Options(Settings s)
    {
        string? all = null;
        var perColumn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in s.StatTests)
        {
            if (Split(t) is var (col, name)) perColumn[col] = name;
            else all = t;
        }
        double? threshold = null;
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var t in s.Thresholds)
        {
            var (col, text) = Split(t) ?? ("", t);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw MlnbException.Invalid($"--threshold '{t}' is not a number or COLUMN=NUMBER, e.g. --threshold 0.1 or --threshold age=0.2");
            if (col.Length == 0) threshold = v; else thresholds[col] = v;
        }
        return new DriftOptions
        {
            StatTest = all,
            ColumnStatTests = perColumn,
            Threshold = threshold,
            ColumnThresholds = thresholds,
            DriftShare = s.DriftShare,
            Columns = s.Columns?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            PredictionColumn = s.Prediction,
        };
    }

    private static (string Column, string Value)? Split(string s)
    {
        var i = s.LastIndexOf('=');
        return i > 0 ? (s[..i], s[(i + 1)..]) : null;
    }
}
