using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MlNotebooks.Monitoring.Drift;

/// <summary>
/// A self-contained HTML drift report: the summary, one table row per column, and per column a plotly bar chart of the
/// reference and current shares (Evidently's bins). plotly.js is inlined, so the file opens offline.
/// </summary>
public static class DriftHtml
{
    /// <summary>The page for <paramref name="report"/>; <paramref name="plotlyJs"/> is the plotly.js source to inline.</summary>
    public static string Build(DriftReport report, ColumnTable reference, ColumnTable current, string plotlyJs, string title = "Data drift")
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(Enc(title)).Append("</title>\n<style>")
          .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}")
          .Append(".drift{color:#b00020;font-weight:600}.ok{color:#1b7f3b}.plot{width:720px;height:320px;display:inline-block}</style>\n")
          .Append("<script>").Append(plotlyJs.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>\n</head><body>\n");
        sb.Append(Fragment(report, reference, current, title));
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>The report's body (no plotly.js): for pages or notebook outputs that load plotly.js themselves.</summary>
    public static string Fragment(DriftReport report, ColumnTable reference, ColumnTable current, string title = "Data drift", string idPrefix = "mlnb-drift")
    {
        var sb = new StringBuilder();
        var verdict = report.DatasetDrift ? "<span class=\"drift\">dataset drift detected</span>" : "<span class=\"ok\">no dataset drift</span>";
        sb.Append("<h2>").Append(Enc(title)).Append("</h2>\n<p>").Append(verdict).Append(Inv($": {report.DriftedColumns} of {report.Columns.Count} columns drifted ({report.DriftShare:P0}; threshold {report.DriftShareThreshold:P0}); reference {report.ReferenceRows} rows, current {report.CurrentRows} rows.</p>\n"));
        sb.Append("<table><tr><th>column</th><th>kind</th><th>stattest</th><th>statistic</th><th>p-value / distance</th><th>threshold</th><th>drift</th></tr>\n");
        var all = report.Prediction is null ? report.Columns : [.. report.Columns, report.Prediction];
        foreach (var c in all)
        {
            sb.Append("<tr><td>").Append(Enc(c.Column)).Append(c == report.Prediction ? " (prediction)" : "").Append("</td><td>").Append(c.Kind).Append("</td><td>")
              .Append(Enc(c.StatTestDisplay)).Append("</td><td>").Append(Num(c.Statistic)).Append("</td><td>").Append(Num(c.Score)).Append("</td><td>")
              .Append(Num(c.Threshold)).Append("</td><td class=\"").Append(c.Drifted ? "drift\">drifted" : "ok\">no").Append("</td></tr>\n");
        }
        sb.Append("</table>\n");
        var i = 0;
        foreach (var c in all)
        {
            var id = $"{idPrefix}-{i++}";
            var (x, r, cur) = Shares(reference.Find(c.Column)!, current.Find(c.Column)!);
            var data = new JsonArray(
                new JsonObject { ["type"] = "bar", ["name"] = "reference", ["x"] = x, ["y"] = r, ["marker"] = new JsonObject { ["color"] = "#4c78a8" } },
                new JsonObject { ["type"] = "bar", ["name"] = "current", ["x"] = x.DeepClone(), ["y"] = cur, ["marker"] = new JsonObject { ["color"] = c.Drifted ? "#e45756" : "#72b7b2" } });
            var layout = new JsonObject
            {
                ["title"] = new JsonObject { ["text"] = $"{c.Column}: {c.StatTest} {Num(c.Score)} ({(c.Drifted ? "drifted" : "no drift")})" },
                ["barmode"] = "group", ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "share" } },
                ["margin"] = new JsonObject { ["t"] = 40, ["b"] = 40 },
            };
            sb.Append("<div class=\"plot\" id=\"").Append(id).Append("\"></div>\n<script>(function(){var d=")
              .Append(data.ToJsonString()).Append(",l=").Append(layout.ToJsonString())
              .Append(",n=0;function draw(){var el=document.getElementById('").Append(id)
              .Append("');if(window.Plotly&&el){window.Plotly.newPlot(el,d,l,{displaylogo:false});return;}if(++n<600)setTimeout(draw,50);}draw();})();</script>\n");
        }
        return sb.ToString();
    }

    /// <summary>The bars of one column: bin centres (numeric, Sturges) or values, and the two windows' shares.</summary>
    internal static (JsonArray X, JsonArray Reference, JsonArray Current) Shares(TableColumn reference, TableColumn current)
    {
        var r = reference.IsNumeric ? DriftSample.Numeric(reference.Numbers) : DriftSample.Categorical(reference.Labels!);
        var c = current.IsNumeric ? DriftSample.Numeric(current.Numbers) : DriftSample.Categorical(current.Labels!);
        if (r.Count == 0 || c.Count == 0) return ([], [], []);
        if (r.Kind == ColumnKinds.Numeric && ValueCounts.DistinctCountUpTo(r.Values, 21) > 20)
        {
            var edges = Binning.SturgesEdges(r.Values, c.Values);
            var x = new JsonArray();
            for (var k = 0; k + 1 < edges.Length; k++) x.Add((edges[k] + edges[k + 1]) / 2);
            return (x, Array(Binning.Histogram(r.Values, edges, r.Count)), Array(Binning.Histogram(c.Values, edges, c.Count)));
        }
        var counts = ValueCounts.Of(r, c);
        var keys = new JsonArray();
        foreach (var k in counts.Keys) keys.Add(k);
        return (keys, Array(counts.Reference.Select(v => v / (double)r.Count)), Array(counts.Current.Select(v => v / (double)c.Count)));
    }

    private static JsonArray Array(IEnumerable<double> values)
    {
        var a = new JsonArray();
        foreach (var v in values) a.Add(v);
        return a;
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    private static string Num(double v) => double.IsPositiveInfinity(v) ? "∞" : v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
