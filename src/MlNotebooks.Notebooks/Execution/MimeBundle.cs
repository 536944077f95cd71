using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive.Events;

namespace MlNotebooks.Notebooks.Execution;

/// <summary>
/// One rule for both front ends (the runner's saved outputs and the Jupyter kernel's iopub messages): a display's
/// formatted values, with <c>text/plain</c> beside every richer MIME type, so text views, CI logs and diffs are never empty.
/// </summary>
internal static partial class MimeBundle
{
    /// <summary>The plain-text form of a display that has none; null when it already has one.</summary>
    public static string? PlainText(DisplayEvent e)
    {
        if (e.FormattedValues.Any(f => f.MimeType == "text/plain")) return null;
        if (e.Value is Microsoft.AspNetCore.Html.IHtmlContent html)
        {
            // HTML content (charts, tables from magics, HTML(...)): its visible text; the markup stays in text/html.
            var text = Whitespace().Replace(Tags().Replace(Scripts().Replace(html.ToString() ?? "", " "), " "), " ").Trim();
            return System.Net.WebUtility.HtmlDecode(text.Length > 0 ? text : $"<{e.Value.GetType().Name}>");
        }
        if (e.Value is { } value) return Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(value, "text/plain");
        var rich = e.FormattedValues.FirstOrDefault()?.Value ?? "";
        return Whitespace().Replace(Tags().Replace(Scripts().Replace(rich, " "), " "), " ").Trim();
    }

    /// <summary>The whole bundle (no size limit): every formatted value plus <see cref="PlainText"/>.</summary>
    public static JsonObject From(DisplayEvent e)
    {
        var data = new JsonObject();
        foreach (var f in e.FormattedValues) data[f.MimeType] = f.Value ?? "";
        if (PlainText(e) is { } text) data["text/plain"] = text;
        return data;
    }

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Scripts();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
