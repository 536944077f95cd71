using System.Globalization;
using System.Text;
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

    /// <summary>A chart of <paramref name="series"/> with both forms (see <see cref="MetricChart.Html"/> for the arguments).</summary>
    public static ChartView Of(string title, IReadOnlyList<ChartSeries> series, string xTitle = "step", string? id = null) =>
        new(MetricChart.Html(title, series, xTitle, id), Describe(title, series, xTitle));

    /// <summary>The plain-text form: the title, then one line per series with its points and last value.</summary>
    internal static string Describe(string title, IReadOnlyList<ChartSeries> series, string xTitle)
    {
        var sb = new StringBuilder("chart: ").Append(title);
        foreach (var s in series)
            sb.Append('\n').Append("  ").Append(s.Name).Append(": ").Append(s.Y.Count).Append(" point(s)")
              .Append(s.Y.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $", last {s.Y[^1]:G6} at {xTitle} {s.X[^1]:G}"));
        return sb.ToString();
    }
}
