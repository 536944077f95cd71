using Plotly.NET.CSharp;
using GenericChart = Plotly.NET.GenericChart;
using FsChart = Plotly.NET.Chart;

namespace MlNotebooks.Interactive.Plotly;

/// <summary>
/// Builds a line chart with Plotly.NET and returns its figure JSON (<c>{"data": [...], "layout": {...}}</c>). Its
/// signature holds only BCL types, so a host that has another FSharp.Core can call it across load contexts.
/// </summary>
public static class FigureBuilder
{
    /// <summary>One line per name (<c>xs[i]</c>, <c>ys[i]</c>), titled, with <paramref name="xTitle"/> under the X axis.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">X axis title.</param>
    /// <param name="names">Legend entries.</param>
    /// <param name="xs">X values per line.</param>
    /// <param name="ys">Y values per line (finite numbers).</param>
    /// <returns>Plotly's figure JSON.</returns>
    public static string LinesJson(string title, string xTitle, string[] names, double[][] xs, double[][] ys)
    {
        ArgumentNullException.ThrowIfNull(names);
        var lines = names.Select((name, i) => Chart.Line<double, double, string>(x: xs[i], y: ys[i], Name: name, ShowMarkers: xs[i].Length <= 50));
        var chart = Chart.Combine(lines)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle);
        chart = FsChart.withTitle(title, null).Invoke(chart);
        chart = FsChart.withSize(860.0, 420.0).Invoke(chart);
        return GenericChart.toFigureJson(chart);
    }
}
