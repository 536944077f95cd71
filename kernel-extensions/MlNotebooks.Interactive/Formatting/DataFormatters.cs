using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Formatting;

namespace MlNotebooks.Interactive.Formatting;

/// <summary>HTML and plain-text formatters for the tables <c>#!data</c> displays.</summary>
internal static class DataFormatters
{
    private const string Style = "<style>.mlnb td,.mlnb th{padding:2px 8px;text-align:left;font-family:monospace}</style>";

    public static void Register()
    {
        Formatter.Register<DataTableView>((t, w) => w.Write(Html(t)), "text/html");
        Formatter.Register<DataTableView>((t, w) => w.Write(Text(t)), "text/plain");
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Html(DataTableView t)
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

    public static string Text(DataTableView t) =>
        t.Caption + (t.Rows.Count == 0 ? ": nothing" : "\n" + string.Join('\n', t.Rows.Select(r => string.Join(" | ", r))));
}
