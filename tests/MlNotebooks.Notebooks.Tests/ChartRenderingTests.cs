using System.Text.RegularExpressions;
using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.Jupyter;
using MlNotebooks.Notebooks.Tests.Support;
using static MlNotebooks.Notebooks.Tests.Support.TestNotebooks;

namespace MlNotebooks.Notebooks.Tests;

/// <summary>
/// Metric charts end to end: a notebook with `#!track` metrics and `#!track chart`, executed by the in-process runner
/// and by nbconvert on the Jupyter .NET kernel (FSharp.Core 10.0 next to Plotly.NET's 10.1), rendered to HTML by
/// nbconvert and drawn by headless Chromium with no network.
/// </summary>
[Collection(StockKernelCollection.Name)]
public sealed class ChartRenderingTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<System.Text.Json.Nodes.JsonObject> ChartCells(params string[] firstCells) =>
    [
        .. firstCells.Select(c => Code(c)),
        Code("#!track start --experiment charts --name curves\n#!track metric loss=1.2 acc=0.4 --step 0"),
        Code("for (var step = 1; step <= 5; step++) { Track.Metric(\"loss\", 1.0 / step, step); Track.Metric(\"acc\", 1 - 0.5 / step, step); }"),
        Code("#!track chart loss acc"),
        Code("#!track chart loss"),
        Code("#!track end"),
    ];

    /// <summary>What the executed notebook holds, and what Chromium drew from it.</summary>
    private static async Task AssertChartsDrawnAsync(string executed)
    {
        Assert.DoesNotContain("cdn.plot.ly", await File.ReadAllTextAsync(executed));
        var html = string.Concat(CellsOf(executed).SelectMany(c => c["outputs"]?.AsArray() ?? [])
            .Select(o => o?["data"]?["text/html"]).Select(h => h is System.Text.Json.Nodes.JsonArray lines ? string.Concat(lines.Select(l => (string?)l)) : (string?)h));
        Assert.Single(Regex.Matches(html, "DecompressionStream")); // plotly.js once per notebook
        Assert.Equal(2, Regex.Matches(html, "<div class=\"mlnb-chart\"").Count);
        Assert.Contains("\"name\":\"loss\",\"mode\":\"lines\\u002Bmarkers\",\"x\":[0.0,1.0,2.0,3.0,4.0,5.0],\"y\":[1.2,1.0,0.5,0.3333333333333333,0.25,0.2]", html);

        var dom = await Tools.RenderOfflineAsync(await Tools.NbconvertHtmlAsync(executed));
        var charts = Regex.Matches(dom, "<div class=\"mlnb-chart[^\"]*\" id=\"(mlnb-chart-[0-9a-f]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, charts.Count);
        var drawn = Regex.Split(dom, "<div class=\"mlnb-chart").Skip(1).ToList();
        Assert.All(drawn, chart => Assert.Contains("class=\"main-svg\"", chart)); // plotly drew an SVG in each div
        Assert.Equal(2, Regex.Matches(drawn[0], "<g class=\"trace scatter").Count); // loss and acc
        Assert.Single(Regex.Matches(drawn[1], "<g class=\"trace scatter"));
        Assert.Matches("<path class=\"js-line\" d=\"M[0-9.]+,[0-9.]+(L[0-9.]+,[0-9.]+){5}\"", drawn[1]); // the six points of loss
        Assert.Contains("class=\"legendtext\"", drawn[0]);
    }

    [Fact]
    public async Task InProcessRunner_ChartsRenderOfflineInChromium()
    {
        var input = Create([.. ChartCells()]).Save(_dir, "charts.ipynb");
        var result = await NotebookRunner.RunAsync(new RunOptions
        {
            InputPath = input, OutputPath = _dir.File("charts.out.ipynb"), TrackingUri = "sqlite:///" + _dir.File("mlnb.db"), WorkingDirectory = _dir.Path,
        });
        Assert.True(result.Succeeded, result.Failure?.Message);
        await AssertChartsDrawnAsync(_dir.File("charts.out.ipynb"));
    }

    [Fact]
    public async Task InProcessRunner_LiveChartRefreshedInALoop_KeepsOnlyItsLastDrawing()
    {
        var input = Create(
            Code("#!track start --experiment live"),
            Code("var chart = Track.Chart(\"loss\");\nfor (var step = 0; step < 30; step++)\n{\n    Track.Metric(\"loss\", 1.0 / (step + 1), step);\n    if (step % 5 == 4) chart.Refresh();\n}"),
            Code("#!track end")).Save(_dir, "live.ipynb");
        var result = await NotebookRunner.RunAsync(new RunOptions
        {
            InputPath = input, OutputPath = _dir.File("live.out.ipynb"), TrackingUri = "sqlite:///" + _dir.File("mlnb.db"), WorkingDirectory = _dir.Path,
        });
        Assert.True(result.Succeeded, result.Failure?.Message);

        // Seven drawings of ~460 KB each (plotly.js included) went through one display: the cell keeps the last, whole.
        var outputs = CellsOf(_dir.File("live.out.ipynb"))[1]["outputs"]!.AsArray();
        var html = (string?)Assert.Single(outputs)!["data"]!["text/html"];
        Assert.NotNull(html);
        Assert.Contains("DecompressionStream", html);
        Assert.Contains("\"y\":[1.0,0.5,0.3333333333333333", html);
        Assert.Contains("0.03333333333333333]", html); // step 29
        Assert.DoesNotContain("output truncated", CellsOf(_dir.File("live.out.ipynb"))[1].OutputText());
    }

    [Fact]
    public async Task JupyterKernel_ChartsRenderOfflineInChromium_DespiteTheToolsFSharpCore()
    {
        await KernelInstaller.InstallAsync(_ => { }, CancellationToken.None);
        var feed = _dir.File("feed");
        var version = ExtensionFeed.Write(feed);
        // First the clash: Plotly.NET 6 referenced directly in the kernel fails on the tool's FSharp.Core 10.0 ...
        var input = Create([.. ChartCells(
            "#r \"nuget: Plotly.NET.CSharp, 0.14.0\"",
            "Plotly.NET.GenericChart.toFigureJson(Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 0.0, 1 }, y: new[] { 1.0, 0.5 }))",
            ExtensionFeed.LoadLines(feed, version))]).Save(_dir, "jupyter-charts.ipynb");

        await Tools.NbconvertExecuteAsync(input, "jupyter-charts.out.ipynb", _dir.Path, new Dictionary<string, string> { ["MLNB_TRACKING_URI"] = "sqlite:///" + _dir.File("mlnb.db") }, allowErrors: true);

        var cells = CellsOf(_dir.File("jupyter-charts.out.ipynb"));
        Assert.Contains("Could not load file or assembly 'FSharp.Core, Version=10.1.0.0", cells[1].OutputText());
        Assert.Equal(new Version(10, 0, 0, 0), ToolsFSharpCore());
        // ... then, in the same kernel process, the extension's charts (Plotly.NET in its own load context) work.
        Assert.All(cells.Skip(2), c => Assert.DoesNotContain(c["outputs"]!.AsArray(), o => (string?)o!["output_type"] == "error"));
        await AssertChartsDrawnAsync(_dir.File("jupyter-charts.out.ipynb"));
    }

    private static Version ToolsFSharpCore() =>
        System.Reflection.AssemblyName.GetAssemblyName(Directory.EnumerateFiles(Path.Combine(KernelInstaller.ToolsFolder, ".store", "microsoft.dotnet-interactive", KernelInstaller.ToolVersion), "FSharp.Core.dll", SearchOption.AllDirectories).Single()).Version!;
}
