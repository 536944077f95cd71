using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;
using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive.Formatting;

/// <summary>HTML and plain-text formatters for a run, a run list and a comparison.</summary>
internal static class RunFormatters
{
    private const string Style = "<style>.mlnb td,.mlnb th{padding:2px 8px;text-align:left;font-family:monospace}.mlnb .differs{font-weight:bold}</style>";

    public static void Register()
    {
        Formatter.Register<Run>((run, w) => w.Write(Html(run)), "text/html");
        Formatter.Register<Run>((run, w) => w.Write(Text(run)), "text/plain");
        Formatter.Register<RunList>((list, w) => w.Write(Html(list)), "text/html");
        Formatter.Register<RunList>((list, w) => w.Write(string.Join('\n', list.Runs.Select(Text))), "text/plain");
        Formatter.Register<RunComparison>((c, w) => w.Write(Html(c)), "text/html");
        Formatter.Register<RunComparison>((c, w) => w.Write(Text(c)), "text/plain");
        Formatter.Register<ActiveRun>((r, w) => w.Write($"active run {r.RunId} ({r.Run.Info.RunName})"), "text/plain");
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    public static string Text(Run r) =>
        $"run {r.RunId} '{r.Info.RunName}' {r.Info.Status.ToName()} experiment {r.Info.ExperimentId}" +
        (r.Params.Count > 0 ? "; params " + string.Join(", ", r.Params.Select(p => $"{p.Key}={p.Value}")) : "") +
        (r.Metrics.Count > 0 ? "; metrics " + string.Join(", ", r.Metrics.Select(m => $"{m.Key}={F(m.Value)}")) : "");

    public static string Html(Run r)
    {
        var sb = new StringBuilder(Style).Append("<div class=\"mlnb\"><b>run</b> <code>").Append(E(r.RunId)).Append("</code> ")
            .Append(E(r.Info.RunName)).Append(" — ").Append(r.Info.Status.ToName()).Append(" (experiment ").Append(E(r.Info.ExperimentId)).Append(")<table>");
        void Section(string title, IEnumerable<(string K, string V)> rows)
        {
            var list = rows.ToList();
            if (list.Count == 0) return;
            sb.Append("<tr><th colspan=\"2\">").Append(title).Append("</th></tr>");
            foreach (var (k, v) in list) sb.Append("<tr><td>").Append(E(k)).Append("</td><td>").Append(E(v)).Append("</td></tr>");
        }
        Section("params", r.Params.Select(p => (p.Key, p.Value)));
        Section("metrics", r.Metrics.Select(m => (m.Key, F(m.Value) + (m.Step != 0 ? $" @ step {m.Step}" : ""))));
        Section("tags", r.Tags.Where(t => !t.Key.StartsWith("mlflow.user", StringComparison.Ordinal)).Select(t => (t.Key, t.Value)));
        return sb.Append("</table></div>").ToString();
    }

    public static string Html(RunList list)
    {
        var metricKeys = list.Runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder(Style).Append("<table class=\"mlnb\"><tr><th>run</th><th>name</th><th>status</th><th>start</th>");
        foreach (var k in metricKeys) sb.Append("<th>").Append(E(k)).Append("</th>");
        sb.Append("</tr>");
        foreach (var r in list.Runs)
        {
            sb.Append("<tr><td><code>").Append(E(r.RunId[..8])).Append("</code></td><td>").Append(E(r.Info.RunName)).Append("</td><td>")
              .Append(r.Info.Status.ToName()).Append("</td><td>").Append(r.Info.StartTime.ToString("u", CultureInfo.InvariantCulture)).Append("</td>");
            foreach (var k in metricKeys) sb.Append("<td>").Append(r.Metric(k) is { } v ? F(v) : "").Append("</td>");
            sb.Append("</tr>");
        }
        if (list.Runs.Count == 0) sb.Append("<tr><td colspan=\"4\">no runs</td></tr>");
        return sb.Append("</table>").ToString();
    }

    public static string Html(RunComparison c)
    {
        var sb = new StringBuilder(Style).Append("<table class=\"mlnb\"><tr><th></th>");
        foreach (var r in c.Runs) sb.Append("<th>").Append(E(r.Info.RunName)).Append("<br/><code>").Append(E(r.RunId[..8])).Append("</code></th>");
        sb.Append("</tr>");
        foreach (var row in c.Rows)
        {
            sb.Append(row.Differs ? "<tr class=\"differs\">" : "<tr>").Append("<td>").Append(E(row.Label)).Append("</td>");
            foreach (var v in row.Values) sb.Append("<td>").Append(E(v ?? "—")).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</table>").ToString();
    }

    public static string Text(RunComparison c) =>
        string.Join('\n', c.Rows.Select(r => $"{(r.Differs ? "*" : " ")} {r.Label}: {string.Join(" | ", r.Values.Select(v => v ?? "—"))}"));
}
