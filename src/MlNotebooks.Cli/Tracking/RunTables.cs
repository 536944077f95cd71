using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Tracking;
using Spectre.Console;

namespace MlNotebooks.Cli.Tracking;

/// <summary>Human views of runs.</summary>
internal static class RunTables
{
    public static void WriteRunList(IReadOnlyList<Run> runs)
    {
        if (runs.Count == 0) { Console.WriteLine("No runs."); return; }
        var metricKeys = runs.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).Take(6).ToList();
        var t = Render.Table(["run id", "name", "status", "started", "duration", .. metricKeys]);
        foreach (var r in runs)
            t.AddRow([r.RunId, Render.Esc(r.Info.RunName), r.Info.Status.ToName(), Render.Time(r.Info.StartTime), Render.Duration(r.Info),
                .. metricKeys.Select(k => r.Metric(k) is { } v ? Render.Number(v) : "")]);
        Render.Write(t);
    }

    public static void WriteRun(Run r)
    {
        var i = r.Info;
        Console.WriteLine($"Run {i.RunId} ({Render.Esc(i.RunName)})");
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("experiment", i.ExperimentId);
        grid.AddRow("status", i.Status.ToName());
        grid.AddRow("started", Render.Time(i.StartTime));
        grid.AddRow("ended", Render.Time(i.EndTime));
        if (r.ParentRunId is { } p) grid.AddRow("parent", p);
        AnsiConsole.Write(grid);
        if (r.Params.Count > 0)
        {
            var t = Render.Table("param", "value");
            foreach (var p2 in r.Params) t.AddRow(Render.Esc(p2.Key), Render.Esc(p2.Value));
            Render.Write(t);
        }
        if (r.Metrics.Count > 0)
        {
            var t = Render.Table("metric", "value", "step");
            foreach (var m in r.Metrics) t.AddRow(Render.Esc(m.Key), Render.Number(m.Value), m.Step.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Render.Write(t);
        }
        var userTags = r.Tags.Where(t => !t.Key.StartsWith("mlflow.", StringComparison.Ordinal)).ToList();
        if (userTags.Count > 0)
        {
            var t = Render.Table("tag", "value");
            foreach (var tag in userTags) t.AddRow(Render.Esc(tag.Key), Render.Esc(tag.Value));
            Render.Write(t);
        }
        if (r.Inputs.Count > 0)
        {
            var t = Render.Table("dataset", "digest", "context");
            foreach (var d in r.Inputs) t.AddRow(Render.Esc(d.Name), d.Digest, Render.Esc(d.Context));
            Render.Write(t);
        }
    }

    public static JsonObject RunsJson(IReadOnlyList<Run> runs, string? nextPageToken)
    {
        var o = new JsonObject { ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)MlflowJson.ToJson(r))]) };
        if (nextPageToken is not null) o["next_page_token"] = nextPageToken;
        return o;
    }
}
