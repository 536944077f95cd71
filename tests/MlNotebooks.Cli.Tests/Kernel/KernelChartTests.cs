using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlNotebooks.Notebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Kernel;

/// <summary>
/// `#!track chart` on our kernel through nbconvert: Plotly.NET's FSharp.Core 10.1 loads (no tool FSharp.Core 10.0 here),
/// plotly.js comes from the extension (never a CDN), and headless Chromium with no network draws both charts.
/// </summary>
public sealed class KernelChartTests(KernelSpecFixture spec) : IClassFixture<KernelSpecFixture>
{
    /// <summary>A MIME value as nbformat stores it: one string or a list of lines.</summary>
    private static string Joined(JsonNode? value) => value switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        _ => (string?)value ?? "",
    };

    [Fact]
    public async Task TrackChart_OnOurKernel_RendersOfflineInNbconvertHtml()
    {
        string[] sources =
        [
            "#!track start --experiment charts --name curves\n#!track metric loss=1.2 acc=0.4 --step 0",
            "for (var step = 1; step <= 5; step++) { Track.Metric(\"loss\", 1.0 / step, step); Track.Metric(\"acc\", 1 - 0.5 / step, step); }",
            "#!track chart loss acc",
            "#!track chart loss",
            "#!track end",
        ];
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray([.. sources.Select((s, i) => (JsonNode)new JsonObject
            {
                ["cell_type"] = "code", ["id"] = $"cell-{i}", ["metadata"] = new JsonObject(), ["execution_count"] = null, ["outputs"] = new JsonArray(), ["source"] = s,
            })]),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = "mlnb-csharp", ["display_name"] = "C# (MlNotebooks)", ["language"] = "C#" } },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var work = Directory.CreateDirectory(spec.Dir.File("charts")).FullName;
        File.WriteAllText(Path.Combine(work, "charts.ipynb"), notebook.ToJsonString());
        var run = await spec.PythonAsync(work, new Dictionary<string, string> { ["MLNB_TRACKING_URI"] = "sqlite:///" + Path.Combine(work, "mlnb.db") },
            "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", "charts.ipynb", "--output", "charts.out.ipynb");
        Assert.True(run.ExitCode == 0, run.Stderr); // the notebook's own kernelspec: mlnb-csharp

        var executed = Path.Combine(work, "charts.out.ipynb");
        var text = await File.ReadAllTextAsync(executed);
        Assert.DoesNotContain("cdn.plot.ly", text);
        var outputs = JsonNode.Parse(text)!["cells"]!.AsArray().SelectMany(c => c!["outputs"]!.AsArray()).ToList();
        Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        var charts = outputs.Where(o => Joined(o!["data"]?["text/html"]).Contains("mlnb-chart", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, charts.Count);
        Assert.All(charts, c => Assert.StartsWith("chart: loss", Joined(c!["data"]!["text/plain"]))); // text beside the chart

        var dom = await Tools.RenderOfflineAsync(await Tools.NbconvertHtmlAsync(executed));
        var drawn = Regex.Split(dom, "<div class=\"mlnb-chart").Skip(1).ToList();
        Assert.Equal(2, drawn.Count);
        Assert.All(drawn, chart => Assert.Contains("class=\"main-svg\"", chart)); // plotly drew an SVG in each
        Assert.Equal(2, Regex.Matches(drawn[0], "<g class=\"trace scatter").Count); // loss and acc
        Assert.Single(Regex.Matches(drawn[1], "<g class=\"trace scatter"));
    }
}
