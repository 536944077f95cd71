using Microsoft.DotNet.Interactive.Formatting;

namespace MlNotebooks.Interactive.Charts;

/// <summary>A chart as displayed: the HTML of <see cref="MetricChart"/>, and a plain-text twin for consoles and CI logs.</summary>
/// <param name="Html">The chart's HTML.</param>
/// <param name="Text">One line per series: points and last value.</param>
internal sealed record ChartView(string Html, string Text)
{
    /// <summary>Registers the HTML and plain-text formatters (idempotent: the kernel keeps the last one).</summary>
    public static void Register()
    {
        Formatter.Register<ChartView>((v, w) => w.Write(v.Html), "text/html");
        Formatter.Register<ChartView>((v, w) => w.Write(v.Text), "text/plain");
    }
}
