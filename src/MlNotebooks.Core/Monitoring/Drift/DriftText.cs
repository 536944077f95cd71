using System.Globalization;
using System.Text;

namespace MlNotebooks.Monitoring.Drift;

/// <summary>The drift report as plain text: one line per column and the dataset verdict (for terminals, CI logs, text twins).</summary>
public static class DriftText
{
    /// <summary>Aligned lines: column, kind, test, statistic, p-value or distance, threshold, verdict.</summary>
    public static string Format(DriftReport report)
    {
        var rows = new List<string[]> { new[] { "column", "kind", "stattest", "statistic", "p-value/distance", "threshold", "drift" } };
        var all = report.Prediction is null ? report.Columns : [.. report.Columns, report.Prediction];
        foreach (var c in all)
            rows.Add([c == report.Prediction ? c.Column + " (prediction)" : c.Column, c.Kind, c.StatTest, Num(c.Statistic), Num(c.Score), Num(c.Threshold), c.Drifted ? "DRIFTED" : "no"]);
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in rows) sb.AppendLine(string.Join("  ", r.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        sb.Append(string.Create(CultureInfo.InvariantCulture,
            $"dataset drift: {(report.DatasetDrift ? "YES" : "no")} ({report.DriftedColumns} of {report.Columns.Count} columns drifted, share {report.DriftShare:0.###} vs threshold {report.DriftShareThreshold:0.###}; reference {report.ReferenceRows} rows, current {report.CurrentRows} rows)"));
        return sb.ToString();
    }

    private static string Num(double v) => double.IsPositiveInfinity(v) ? "inf" : v.ToString("G6", CultureInfo.InvariantCulture);
}
