namespace MlNotebooks.Interactive.Charts;

/// <summary>One line of a chart: a metric's values by step (or epoch, or seconds).</summary>
/// <param name="Name">Legend entry, e.g. <c>val_loss</c> or <c>run 3f2a…/loss</c>.</param>
/// <param name="X">Steps.</param>
/// <param name="Y">Values (NaN and infinities are left out of the drawing).</param>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>
/// Line charts of metric histories as self-contained HTML that renders offline (no CDN). Every chart in the family
/// (<c>#!track</c> histories, the live loss of <c>#!train</c>, the live metrics of <c>#!deploy</c>) goes through here.
/// </summary>
internal static class MetricChart
{
    /// <summary>An HTML fragment drawing <paramref name="series"/> under <paramref name="title"/>.</summary>
    /// <param name="title">Chart title.</param>
    /// <param name="series">Lines to draw.</param>
    /// <param name="xTitle">Axis title for X (default "step").</param>
    /// <param name="id">Stable element id, so a live chart updated with <c>DisplayedValue.Update</c> redraws in place; null = fresh.</param>
    public static string Html(string title, IReadOnlyList<ChartSeries> series, string xTitle = "step", string? id = null)
    {
        // Placeholder until the Plotly.NET renderer lands: a plain table of the last value per series.
        var sb = new System.Text.StringBuilder();
        sb.Append("<div class=\"mlnb-chart\"").Append(id is null ? "" : $" id=\"{System.Net.WebUtility.HtmlEncode(id)}\"").Append("><b>")
          .Append(System.Net.WebUtility.HtmlEncode(title)).Append("</b><table>");
        foreach (var s in series)
            sb.Append("<tr><td>").Append(System.Net.WebUtility.HtmlEncode(s.Name)).Append("</td><td>")
              .Append(s.Y.Count == 0 ? "" : s.Y[^1].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)).Append("</td></tr>");
        return sb.Append("</table></div>").ToString();
    }
}
