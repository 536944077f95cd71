using System.ComponentModel;
using System.Globalization;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data.Monitoring;
using MlNotebooks.Monitoring;
using MlNotebooks.Monitoring.Drift;
using MlNotebooks.Registry;
using MlNotebooks.Serving.Hosting;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Monitoring;

/// <summary>
/// <c>mlnb monitor report models:/NAME@ALIAS [--reference FILE] [--window 1h]</c>: the drift of the windows the server
/// recorded (<c>mlnb serve --record-rate</c>) for the version the URI names, over the last <c>--window</c>, against the
/// version's training data (kept at registration) or the file given.
/// </summary>
internal sealed class MonitorReportCommand : WorkspaceCommand<MonitorReportCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "<MODEL_URI>")]
        [Description("models:/NAME@ALIAS or models:/NAME/VERSION")]
        public string Model { get; init; } = "";

        [CommandOption("--reference <FILE>")]
        [Description("The reference (CSV or Parquet); default: the version's training data input, kept at registration")]
        public string? Reference { get; init; }

        [CommandOption("--window <DURATION>")]
        [Description("How far back recorded windows are taken (default 1h)")]
        public string Window { get; init; } = "1h";

        [CommandOption("--record-dir <DIR>")]
        [Description("Where the server recorded (default: .mlnb/recordings in the workspace)")]
        public string? RecordDir { get; init; }

        [CommandOption("--json")]
        [Description("Print the report as JSON")]
        public bool Json { get; init; }

        [CommandOption("--html <OUT>")]
        [Description("Write a self-contained HTML report with per-column plots")]
        public string? Html { get; init; }

        [CommandOption("--columns <NAMES>")]
        [Description("Comma-separated columns to compare (default: all of the reference)")]
        public string? Columns { get; init; }

        [CommandOption("--drift-share <SHARE>")]
        [Description("Dataset drift when at least this share of columns drift (default 0.5)")]
        public double DriftShare { get; init; } = 0.5;
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var window = RecordingOptions.ParseDuration(s.Window, "--window");
        var version = await ws.Registry.ResolveAsync(ModelUri.Parse(s.Model), ct).ConfigureAwait(false);
        var referenceWindow = await ReferenceWindow.ReadAsync(ws, version, s.Reference, ct).ConfigureAwait(false);
        var dir = s.RecordDir ?? Path.Combine(ws.Root ?? Environment.CurrentDirectory, ".mlnb", "recordings");
        var files = RecordedWindows(dir, version, DateTimeOffset.UtcNow - window);
        if (files.Count == 0)
            throw MlnbException.NotFound($"no window of '{version.Name}' version {version.Version} was recorded in the last {s.Window} under {dir}; serve it with `mlnb serve {s.Model} --record-rate 0.1` or give a longer --window");
        var tables = new List<ColumnTable>();
        foreach (var f in files) tables.Add(await MonitoringFiles.ReadAsync(f, ct).ConfigureAwait(false));
        var current = Concat(tables, files);
        var (reference, compared) = referenceWindow.Align(s.Columns, current);
        var options = new DriftOptions { DriftShare = s.DriftShare, Columns = compared };
        options.Validate();
        var report = DriftDetector.Detect(reference, current, options);
        if (s.Html is { } html)
        {
            await File.WriteAllTextAsync(html + ".tmp", DriftHtml.Build(report, reference, current, MonitoringFiles.PlotlyJs(), $"Data drift: {version.Name} v{version.Version}, last {s.Window}"), ct).ConfigureAwait(false);
            File.Move(html + ".tmp", html, overwrite: true);
        }
        if (s.Json) Render.Json(DriftJson.ToJson(report));
        else
        {
            Console.WriteLine($"{version.Name} version {version.Version}: {files.Count} recorded window(s), {current.RowCount} rows in the last {s.Window}, against {referenceWindow.Label}");
            Console.WriteLine(DriftText.Format(report));
            if (s.Html is not null) Console.WriteLine($"HTML report: {s.Html}");
        }
        return 0;
    }

    /// <summary>The Parquet windows of the version written or started since <paramref name="since"/>, oldest first.</summary>
    internal static List<string> RecordedWindows(string dir, ModelVersion version, DateTimeOffset since)
    {
        var folder = Path.Combine(dir, version.Name, "v" + version.Version.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.GetFiles(folder, "*.parquet").Where(f => File.GetLastWriteTimeUtc(f) >= since.UtcDateTime).Order(StringComparer.Ordinal)];
    }

    internal static ColumnTable Concat(List<ColumnTable> tables, List<string> files)
    {
        var first = tables[0];
        var columns = new List<TableColumn>();
        foreach (var c in first.Columns)
        {
            var parts = tables.Select((t, i) => t.Find(c.Name) is { } x && x.IsNumeric == c.IsNumeric ? x
                : throw new MlnbException(ErrorCode.DataCorrupted, $"recorded window '{files[i]}' has no {c.KindName} column '{c.Name}' (the model's inputs changed); give a shorter --window")).ToList();
            columns.Add(c.IsNumeric ? TableColumn.Numeric(c.Name, [.. parts.SelectMany(p => p.Numbers!)]) : TableColumn.Categorical(c.Name, [.. parts.SelectMany(p => p.Labels!)]));
        }
        return new ColumnTable(columns);
    }
}
