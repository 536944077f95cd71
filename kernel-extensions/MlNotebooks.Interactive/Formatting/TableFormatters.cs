using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;

namespace MlNotebooks.Interactive.Formatting;

/// <summary>HTML and plain-text formatters for <see cref="TableView"/>, shared by the magics.</summary>
internal static class TableFormatters
{
    private const string Style = "<style>.mlnb td,.mlnb th{padding:2px 8px;text-align:left;font-family:monospace}</style>";

    /// <summary>Registers the formatters (idempotent: a later registration replaces an earlier one).</summary>
    public static void Register()
    {
        Formatter.Register<TableView>((t, w) => w.Write(Html(t)), "text/html");
        Formatter.Register<TableView>((t, w) => w.Write(Text(t)), "text/plain");
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Html(TableView t)
    {
        var sb = new StringBuilder(Style).Append("<div class=\"mlnb\"><b>").Append(E(t.Caption)).Append("</b><table><tr>");
        foreach (var c in t.Columns) sb.Append("<th>").Append(E(c)).Append("</th>");
        sb.Append("</tr>");
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(E(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        if (t.Rows.Count == 0) sb.Append("<tr><td colspan=\"").Append(t.Columns.Count).Append("\">nothing</td></tr>");
        return sb.Append("</table></div>").ToString();
    }

    public static string Text(TableView t) =>
        t.Rows.Count == 0 ? t.Caption + ": nothing"
        : string.Join('\n', t.Rows.Select(r => string.Join(" | ", r)).Prepend(string.Join(" | ", t.Columns)).Prepend(t.Caption));
}
