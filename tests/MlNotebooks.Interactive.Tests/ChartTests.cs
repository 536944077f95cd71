using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Interactive.Charts;
using MlNotebooks.Interactive.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive.Tests;

[Collection(KernelCollection.Name)]
public sealed class ChartTests
{
    private readonly KernelFixture k;

    public ChartTests(KernelFixture fixture)
    {
        k = fixture;
        TrackingSession.Shared.EndAllAsync(RunStatus.Killed).GetAwaiter().GetResult();
    }

    /// <summary>What must never be in a chart: the CDN, or requirejs loading anything.</summary>
    private static void AssertOffline(string html)
    {
        Assert.DoesNotContain("cdn.plot.ly", html);
        Assert.DoesNotContain("require(", html);
        Assert.DoesNotContain("requirejs", html);
        Assert.DoesNotContain("<script src", html);
    }

    private static string PlotlyJsIn(string html)
    {
        var base64 = Regex.Match(html, @"atob\('([A-Za-z0-9+/=]+)'\)").Groups[1].Value;
        using var gz = new GZipStream(new MemoryStream(Convert.FromBase64String(base64)), CompressionMode.Decompress);
        return new StreamReader(gz).ReadToEnd();
    }

    [Fact]
    public void Html_OutsideAKernel_HoldsPlotlyNetsFigureAndTheWholeOfPlotlyJs()
    {
        var html = MetricChart.Html("loss", [new ChartSeries("loss", [0, 1, 2, 3], [1.0, 0.5, double.NaN, 0.25])], "epoch", "fixed-id");

        Assert.Contains("<div class=\"mlnb-chart\" id=\"fixed-id\"", html);
        Assert.Contains("\"type\":\"scatter\",\"name\":\"loss\"", html); // Plotly.NET's trace
        Assert.Contains("\"x\":[0.0,1.0,3.0],\"y\":[1.0,0.5,0.25]", html); // the NaN point left out
        Assert.Contains("\"title\":{\"text\":\"epoch\"}", html);
        Assert.Contains("\"template\":", html); // Plotly.NET's default layout template
        var plotlyJs = PlotlyJsIn(html);
        Assert.StartsWith("/**\n* plotly.js (basic - minified) v2.28.0", plotlyJs);
        Assert.Equal(1_002_250, System.Text.Encoding.UTF8.GetByteCount(plotlyJs)); // the whole of the npm package's file
        AssertOffline(html);
    }

    [Fact]
    public async Task TrackChart_DrawsTheActiveRunsHistories_AndOnlyTheSessionsFirstChartCarriesPlotlyJs()
    {
        (await k.SubmitAsync("#!track start --experiment charts --name curves")).Succeeded();
        (await k.SubmitAsync("#!track metric loss=0.9 acc=0.5 --step 1\n#!track metric loss=0.4 acc=0.75 --step 2")).Succeeded();
        (await k.SubmitAsync("Track.Metric(\"loss\", 0.2, 3);")).Succeeded();
        var first = await k.SubmitAsync("#!track chart loss acc");
        first.Succeeded();
        var second = await k.SubmitAsync("#!track chart loss");
        second.Succeeded();

        var html = first.Displayed("text/html");
        Assert.Contains("\"name\":\"loss\",\"mode\":\"lines\\u002Bmarkers\",\"x\":[1.0,2.0,3.0],\"y\":[0.9,0.4,0.2]", html);
        Assert.Contains("\"name\":\"acc\",\"mode\":\"lines\\u002Bmarkers\",\"x\":[1.0,2.0],\"y\":[0.5,0.75]", html);
        Assert.Contains("\"title\":{\"text\":\"loss, acc \\u2014 run curves\"}", html);
        Assert.Contains("chart: loss, acc — run curves\n  loss: 3 point(s), last 0.2 at step 3\n  acc: 2 point(s), last 0.75 at step 2", first.Displayed("text/plain"));
        var later = second.Displayed("text/html");
        Assert.Contains("window.Plotly.react(el, data, layout", later);
        Assert.DoesNotContain("atob(", later); // plotly.js came with an earlier chart of this kernel session
        AssertOffline(html + later);
    }

    [Fact]
    public async Task TrackChart_WithRuns_OverlaysThem_AndCompareShowsASharedMetricsChart()
    {
        var ids = new List<string>();
        foreach (var (name, loss) in new[] { ("slow", 0.6), ("fast", 0.3) })
        {
            (await k.SubmitAsync($"#!track start --experiment overlay --name {name}")).Succeeded();
            (await k.SubmitAsync($"#!track metric loss=1.0 --step 0\n#!track metric loss={loss} --step 1\n#!track metric only_{name}=1")).Succeeded();
            ids.Add((await k.SubmitAsync("Console.Write(Track.RunId)")).StandardOutput());
            (await k.SubmitAsync("#!track end")).Succeeded();
        }

        var chart = await k.SubmitAsync($"#!track chart loss --run {ids[0]} --run {ids[1]}");
        chart.Succeeded();
        var html = chart.Displayed("text/html");
        Assert.Contains("\"name\":\"slow/loss\",\"mode\":\"lines\\u002Bmarkers\",\"x\":[0.0,1.0],\"y\":[1.0,0.6]", html);
        Assert.Contains("\"name\":\"fast/loss\",\"mode\":\"lines\\u002Bmarkers\",\"x\":[0.0,1.0],\"y\":[1.0,0.3]", html);

        var compare = await k.SubmitAsync($"#!track compare {ids[0]} {ids[1]}");
        compare.Succeeded();
        var shown = compare.Displayed("text/html");
        Assert.Contains("<table", shown);
        Assert.Contains("\"name\":\"slow/loss\"", shown);
        Assert.DoesNotContain("only_slow\"", shown.Split("mlnb-chart")[1]); // not shared: in the table, not the chart
        AssertOffline(html + shown);
    }

    [Fact]
    public async Task TrackChartFacade_RefreshRedrawsTheSameChartInPlace()
    {
        (await k.SubmitAsync("#!track start --experiment live")).Succeeded();
        var events = await k.SubmitAsync("""
            var chart = Track.Chart("loss");
            for (var step = 0; step < 4; step++) Track.Metric("loss", 1.0 / (step + 1), step);
            chart.Refresh();
            """);
        events.Succeeded();

        var produced = Assert.Single(events.OfType<DisplayedValueProduced>(), e => e.FormattedValues.Any(f => f.Value.Contains("mlnb-live-")));
        var updated = Assert.Single(events.OfType<DisplayedValueUpdated>());
        Assert.Equal(produced.ValueId, updated.ValueId);
        var before = produced.FormattedValues.Single(f => f.MimeType == "text/html").Value;
        var after = updated.FormattedValues.Single(f => f.MimeType == "text/html").Value;
        var id = Regex.Match(before, "id=\"(mlnb-live-[0-9a-f]+)\"").Groups[1].Value;
        Assert.Contains($"id=\"{id}\"", after);
        Assert.Contains("\"x\":[],\"y\":[]", before); // drawn before the first step
        Assert.Contains("\"x\":[0.0,1.0,2.0,3.0],\"y\":[1.0,0.5,0.3333333333333333,0.25]", after);
        Assert.Contains("window.Plotly.react(el", after); // react on the same element: redrawn in place
    }

    [Fact]
    public async Task TrackChart_BadInput_FailsNamingTheFix()
    {
        Assert.Equal("#!track chart needs a run: start one with `#!track start --experiment X`, or name runs with `--run RUN_ID`",
            (await k.SubmitAsync("#!track chart loss")).Failure());
        (await k.SubmitAsync("#!track start --experiment badchart\n#!track metric loss=1")).Succeeded();
        Assert.Equal("no run has metric 'nosuch'; metrics there: loss", (await k.SubmitAsync("#!track chart nosuch")).Failure());
        Assert.Contains("unknown option '--runs' for #!track chart; valid options: --metrics, --run", (await k.SubmitAsync("#!track chart --runs x")).Failure());
        Assert.Contains("does not exist", (await k.SubmitAsync("#!track chart --run 0123456789abcdef0123456789abcdef")).Failure());
    }
}
