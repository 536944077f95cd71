using Microsoft.DotNet.Interactive.Formatting;

namespace MlNotebooks.Interactive.Magics.Monitor;

/// <summary>A drift report as displayed: the HTML report with per-column plots, and the plain-text table as its twin.</summary>
/// <param name="Html">The report body with its plots (plotly.js loaded once per kernel session).</param>
/// <param name="Text">The report as aligned text lines.</param>
internal sealed record DriftView(string Html, string Text)
{
    /// <summary>Registers the HTML and plain-text formatters (idempotent: the kernel keeps the last one).</summary>
    public static void Register()
    {
        Formatter.Register<DriftView>((v, w) => w.Write(v.Html), "text/html");
        Formatter.Register<DriftView>((v, w) => w.Write(v.Text), "text/plain");
    }
}
