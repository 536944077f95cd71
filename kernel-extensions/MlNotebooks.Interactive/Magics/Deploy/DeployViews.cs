using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Interactive.Charts;
using Microsoft.DotNet.Interactive.Formatting;
using MlNotebooks.Interactive.Formatting;

namespace MlNotebooks.Interactive.Magics.Deploy;

/// <summary>What <c>#!deploy</c> shows: tables of servers and their figures, an example request, live charts.</summary>
internal static class DeployViews
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static TableView Started(ServerProcess s) => new(
        $"serving {s.Model} (version {s.Version.Version}) at {s.InferUrl}",
        ["name", "model", "version", "url", "pid"],
        [Row(s.Name, s.Model.ToString(), Int(s.Version.Version), s.Url.ToString(), Int(s.Pid))]);

    /// <summary>A request a user can paste: one row of zeros shaped by the version's signature.</summary>
    public static string Curl(ServerProcess s)
    {
        var inputs = new JsonArray();
        foreach (var t in s.Version.Package.Signature.Inputs)
        {
            var shape = t.Shape.Select(d => d < 0 ? 1L : d).ToArray();
            JsonNode Zero() => t.Datatype switch { "BOOL" => false, "BYTES" => "", _ => 0 };
            var data = new JsonArray([.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => Zero())]);
            inputs.Add(new JsonObject { ["name"] = t.Name, ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]), ["datatype"] = t.Datatype, ["data"] = data });
        }
        var body = new JsonObject { ["inputs"] = inputs }.ToJsonString();
        return $"curl -s -H 'Content-Type: application/json' {s.InferUrl} -d '{body}'";
    }

    public static TableView Status(IReadOnlyList<ServerProcess> servers) => new(
        servers.Count == 0 ? "servers started from this kernel (start one with `#!deploy start models:/NAME@ALIAS`)"
            : $"{servers.Count} server(s) started from this kernel",
        ["name", "model", "version", "url", "pid", "state", "uptime", "requests", "errors", "req/s", "p50 ms", "p99 ms"],
        servers.Select(s =>
        {
            var samples = s.Samples;
            var last = samples[^1];
            var total = last.Since(samples[0]);
            var recent = samples.Count > 1 ? last.Since(samples[^2]) : total;
            return Row(s.Name, s.Model.ToString(), Int(s.Version.Version), s.Url.ToString(), Int(s.Pid), s.State,
                Seconds((DateTimeOffset.UtcNow - s.StartedAt).TotalSeconds), Count(last.Requests), Count(last.Errors),
                Fixed(recent.PerSecond, "0.0"), Fixed(total.P50Ms, "0.00"), Fixed(total.P99Ms, "0.00"));
        }).ToList());

    public static TableView Stopped(IReadOnlyList<ServerProcess> servers) => new(
        $"stopped {servers.Count} server(s); their ports are free",
        ["name", "model", "url", "pid", "ran for"],
        servers.Select(s => Row(s.Name, s.Model.ToString(), s.Url.ToString(), Int(s.Pid), Seconds((DateTimeOffset.UtcNow - s.StartedAt).TotalSeconds))).ToList());

    /// <summary>
    /// The latest figures and two charts of every scrape so far (latency percentiles and requests per second between
    /// consecutive scrapes), with stable ids so an updated display redraws in place.
    /// </summary>
    public static MetricsView Metrics(ServerProcess s)
    {
        var samples = s.Samples;
        var windows = samples.Skip(1).Select((x, i) => (At: (x.At - s.StartedAt).TotalSeconds, W: x.Since(samples[i]))).ToList();
        var last = windows[^1].W;
        var table = new TableView($"{s.Name}: {s.Model} (version {s.Version.Version}) at {s.Url}, {s.State}",
            ["requests", "errors", "req/s", "p50 ms", "p99 ms", "over the last"],
            [Row(Count(samples[^1].Requests), Count(samples[^1].Errors), Fixed(last.PerSecond, "0.0"), Fixed(last.P50Ms, "0.00"), Fixed(last.P99Ms, "0.00"), Seconds(last.Seconds))]);
        var x = windows.Select(w => w.At).ToList();
        var latency = MetricChart.Html($"{s.Name}: latency (ms, from the histogram buckets)",
            [new ChartSeries("p50 ms", x, [.. windows.Select(w => w.W.P50Ms)]), new ChartSeries("p99 ms", x, [.. windows.Select(w => w.W.P99Ms)])],
            "seconds since start", id: $"mlnb-deploy-{s.Name}-latency");
        var throughput = MetricChart.Html($"{s.Name}: throughput (requests/s)",
            [new ChartSeries("req/s", x, [.. windows.Select(w => w.W.PerSecond)])], "seconds since start", id: $"mlnb-deploy-{s.Name}-throughput");
        return new MetricsView(table, latency + throughput);
    }

    /// <summary>Registers the HTML (table and charts) and plain-text (table) formatters of <see cref="MetricsView"/>.</summary>
    public static void Register()
    {
        Formatter.Register<MetricsView>((v, w) => w.Write(TableFormatters.Html(v.Table) + v.ChartsHtml), "text/html");
        Formatter.Register<MetricsView>((v, w) => w.Write(TableFormatters.Text(v.Table)), "text/plain");
    }

    private static IReadOnlyList<string> Row(params string[] cells) => cells;

    private static string Int(int v) => v.ToString(Inv);

    private static string Count(double v) => v.ToString("0", Inv);

    private static string Fixed(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, Inv);

    private static string Seconds(double s) => s < 120 ? s.ToString("0.0", Inv) + " s" : TimeSpan.FromSeconds(Math.Round(s)).ToString("c", Inv);
}

/// <summary>A server's live figures: a table, and the charts' HTML.</summary>
/// <param name="Table">The latest figures.</param>
/// <param name="ChartsHtml">Latency and throughput charts from <see cref="MetricChart"/>.</param>
internal sealed record MetricsView(TableView Table, string ChartsHtml);
