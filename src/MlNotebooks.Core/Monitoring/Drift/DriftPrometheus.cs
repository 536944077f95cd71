using System.Globalization;
using System.Text;

namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// The drift report as Prometheus exposition text (for node_exporter's textfile collector or a push): per feature
/// <c>mlnb_drift_score</c> (the p-value or distance) and <c>mlnb_drift_detected</c> (0/1), and <c>mlnb_dataset_drift</c>.
/// monitoring/alerts.yml alerts on them.
/// </summary>
public static class DriftPrometheus
{
    /// <summary>The gauges of <paramref name="report"/> for one model version.</summary>
    public static string Format(DriftReport report, string model, string version)
    {
        var sb = new StringBuilder();
        var all = report.Prediction is null ? report.Columns : [.. report.Columns, report.Prediction];
        sb.Append("# HELP mlnb_drift_score Drift score per feature: a p-value (drift below the threshold) or a distance (drift at or above it); see the stattest label.\n");
        sb.Append("# TYPE mlnb_drift_score gauge\n");
        foreach (var c in all) sb.Append("mlnb_drift_score").Append(Labels(model, version, c)).Append(' ').Append(Num(c.Score)).Append('\n');
        sb.Append("# HELP mlnb_drift_detected 1 when the feature drifted, else 0.\n# TYPE mlnb_drift_detected gauge\n");
        foreach (var c in all) sb.Append("mlnb_drift_detected").Append(Labels(model, version, c)).Append(' ').Append(c.Drifted ? "1" : "0").Append('\n');
        sb.Append("# HELP mlnb_dataset_drift 1 when at least the drift share of the features drifted, else 0.\n# TYPE mlnb_dataset_drift gauge\n");
        sb.Append("mlnb_dataset_drift{model=\"").Append(Esc(model)).Append("\",version=\"").Append(Esc(version)).Append("\"} ").Append(report.DatasetDrift ? "1" : "0").Append('\n');
        return sb.ToString();
    }

    private static string Labels(string model, string version, ColumnDrift c) =>
        $"{{model=\"{Esc(model)}\",version=\"{Esc(version)}\",feature=\"{Esc(c.Column)}\",stattest=\"{c.StatTest}\"}}";

    private static string Esc(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Num(double v) => double.IsPositiveInfinity(v) ? "+Inf" : v.ToString("R", CultureInfo.InvariantCulture);
}
