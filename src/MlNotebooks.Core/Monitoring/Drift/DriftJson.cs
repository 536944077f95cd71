using System.Text.Json.Nodes;

namespace MlNotebooks.Monitoring.Drift;

/// <summary>The drift report as JSON: per column the test, statistic, p-value or distance, threshold and verdict.</summary>
public static class DriftJson
{
    /// <summary>The report as a JSON object (infinite statistics as the string "Infinity").</summary>
    public static JsonObject ToJson(DriftReport report)
    {
        var columns = new JsonArray();
        foreach (var c in report.Columns) columns.Add(Column(c));
        var o = new JsonObject
        {
            ["dataset_drift"] = report.DatasetDrift,
            ["drifted_columns"] = report.DriftedColumns,
            ["number_of_columns"] = report.Columns.Count,
            ["share_of_drifted_columns"] = report.DriftShare,
            ["drift_share_threshold"] = report.DriftShareThreshold,
            ["reference_rows"] = report.ReferenceRows,
            ["current_rows"] = report.CurrentRows,
            ["columns"] = columns,
        };
        if (report.Prediction is { } p) o["prediction"] = Column(p);
        return o;
    }

    private static JsonObject Column(ColumnDrift c)
    {
        var o = new JsonObject
        {
            ["column"] = c.Column,
            ["kind"] = c.Kind,
            ["stattest"] = c.StatTest,
            ["statistic"] = Number(c.Statistic),
        };
        if (c.PValue is { } p) o["p_value"] = Number(p);
        else o["distance"] = Number(c.Score);
        o["threshold"] = c.Threshold;
        o["drift_when"] = c.Direction == DriftDirection.PValueBelow ? "p_value below threshold" : "distance at or above threshold";
        o["drifted"] = c.Drifted;
        o["reference_count"] = c.ReferenceCount;
        o["current_count"] = c.CurrentCount;
        return o;
    }

    private static JsonNode Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : JsonValue.Create(double.IsPositiveInfinity(v) ? "Infinity" : v.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
