using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;

namespace MlNotebooks.Interactive.Charts;

/// <summary>One line of a chart: a metric's values by step (or epoch, or seconds).</summary>
/// <param name="Name">Legend entry, e.g. <c>val_loss</c> or <c>run 3f2a…/loss</c>.</param>
/// <param name="X">Steps.</param>
/// <param name="Y">Values (NaN and infinities are left out of the drawing).</param>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>
/// Line charts of metric histories as self-contained HTML that renders offline (no CDN). Every chart in the family
/// (<c>#!track</c> histories, the live loss of <c>#!train</c>, the live metrics of <c>#!deploy</c>) goes through here.
/// Plotly.NET builds the figure (<see cref="PlotlyBridge"/>); the HTML is ours: a div, the figure, and plotly.js
/// (embedded in this assembly) carried by the first chart of each kernel session, which later charts wait for.
/// </summary>
internal static class MetricChart
{
    /// <summary>The resource holding plotly.js (gzipped).</summary>
    public const string PlotlyJsResource = "plotlyjs/plotly-basic.min.js.gz";

    /// <summary>The root kernel of each session → the id of the chart that carries plotly.js in that session.</summary>
    private static readonly ConditionalWeakTable<Kernel, string> Carriers = new();

    private static readonly Lazy<string> PlotlyJsBase64 = new(() =>
    {
        using var stream = typeof(MetricChart).Assembly.GetManifestResourceStream(PlotlyJsResource)
            ?? throw new InvalidOperationException($"resource {PlotlyJsResource} is missing from {typeof(MetricChart).Assembly.Location}");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length);
    });

    /// <summary>An HTML fragment drawing <paramref name="series"/> under <paramref name="title"/>.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="series">Lines to draw.</param>
    /// <param name="xTitle">Axis title for X (default "step").</param>
    /// <param name="id">Stable element id, so a live chart updated with <c>DisplayedValue.Update</c> redraws in place; null = fresh.</param>
    public static string Html(string title, IReadOnlyList<ChartSeries> series, string xTitle = "step", string? id = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        id ??= "mlnb-chart-" + Guid.NewGuid().ToString("N")[..12];
        var figure = JsonNode.Parse(Figure(title, series, xTitle))!;
        var sb = new StringBuilder()
            .Append("<div class=\"mlnb-chart\" id=\"").Append(WebUtility.HtmlEncode(id)).Append("\" style=\"width:860px;height:420px\"></div>\n");
        if (CarriesPlotlyJs(id)) sb.Append(Loader());
        return sb.Append("<script type=\"text/javascript\">\n")
            .Append(Draw(id, figure["data"]!.ToJsonString(), figure["layout"]!.ToJsonString()))
            .Append("\n</script>").ToString();
    }

    /// <summary>
    /// The script that loads plotly.js into the page when the output <paramref name="id"/> is the one of this kernel
    /// session that carries it (see <see cref="CarriesPlotlyJs"/>), else nothing: for other outputs that draw with
    /// <c>window.Plotly</c> (the drift report of <c>#!monitor</c>).
    /// </summary>
    internal static string PlotlyLoaderFor(string id) => CarriesPlotlyJs(id) ? Loader() : "";

    /// <summary>Plotly.NET's figure JSON for <paramref name="series"/>, non-finite points left out.</summary>
    internal static string Figure(string title, IReadOnlyList<ChartSeries> series, string xTitle)
    {
        var xs = new double[series.Count][];
        var ys = new double[series.Count][];
        for (var i = 0; i < series.Count; i++)
        {
            var keep = Enumerable.Range(0, Math.Min(series[i].X.Count, series[i].Y.Count))
                .Where(j => double.IsFinite(series[i].X[j]) && double.IsFinite(series[i].Y[j])).ToList();
            xs[i] = [.. keep.Select(j => series[i].X[j])];
            ys[i] = [.. keep.Select(j => series[i].Y[j])];
        }
        return PlotlyBridge.LinesJson(title, xTitle, [.. series.Select(s => s.Name)], xs, ys);
    }

    /// <summary>
    /// Whether chart <paramref name="id"/> carries plotly.js: the first chart of a kernel session does, and keeps doing
    /// so when it is updated in place, so the saved notebook still holds plotly.js once. Outside a kernel, every chart does.
    /// </summary>
    private static bool CarriesPlotlyJs(string id)
    {
        if (KernelInvocationContext.Current?.HandlingKernel?.RootKernel is not { } root) return true;
        return Carriers.GetValue(root, _ => id) == id;
    }

    /// <summary>
    /// Inflates the embedded plotly.js in the browser (DecompressionStream) and runs it with AMD/CommonJS hidden, so it
    /// sets <c>window.Plotly</c> even where requirejs is loaded (classic Jupyter). Runs once per page.
    /// </summary>
    private static string Loader() =>
        "<script type=\"text/javascript\">\n(function () {\n" +
        "  if (window.Plotly || window.mlnbPlotlyLoading) return;\n" +
        "  var bytes = Uint8Array.from(atob('" + PlotlyJsBase64.Value + "'), function (c) { return c.charCodeAt(0); });\n" +
        "  window.mlnbPlotlyLoading = new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text()\n" +
        "    .then(function (js) { new Function('define', 'module', 'exports', js).call(window); });\n" +
        "})();\n</script>\n";

    /// <summary>Draws (or redraws in place) once <c>window.Plotly</c> is there; says so in the div if it never comes.</summary>
    private static string Draw(string id, string data, string layout) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            (function () {
              var id = {{JsonValue.Create(id).ToJsonString()}}, data = {{data}}, layout = {{layout}}, tries = 0;
              function draw() {
                var el = document.getElementById(id);
                if (window.Plotly && el) { window.Plotly.react(el, data, layout, { responsive: true, displaylogo: false }); return; }
                if (++tries < 600) { setTimeout(draw, 50); return; }
                if (el) el.textContent = 'plotly.js did not load: run the cell that drew the first chart of this session again';
              }
              draw();
            })();
            """);
}
