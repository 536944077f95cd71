using System.Text;
using System.Text.Json.Nodes;

namespace MlNotebooks.Notebooks.Documents;

/// <summary>
/// Polyglot's .dib format: an optional <c>#!meta</c> JSON block, then cells each introduced by a line naming its
/// kernel (<c>#!csharp</c>, <c>#!markdown</c>, ...). Other <c>#!</c> lines (magics such as <c>#!track</c>) stay in
/// the cell. Outputs are not part of the format.
/// </summary>
internal static class DibFormat
{
    private static readonly HashSet<string> KernelNames =
        ["csharp", "fsharp", "pwsh", "markdown", "javascript", "html", "sql", "kql", "mermaid", "value", "http", "python", "r", "meta"];

    public static Notebook Parse(string text)
    {
        var nb = Notebook.CreateCSharp();
        string? kind = null;
        var sb = new StringBuilder();
        void Flush()
        {
            var source = sb.ToString().Trim('\n', '\r');
            sb.Clear();
            if (kind is null || kind == "meta" || (source.Length == 0 && kind != "markdown")) return;
            var cell = kind == "markdown" ? CellExtensions.NewMarkdown(source) : CellExtensions.NewCode(source);
            if (kind != "markdown")
                cell.CellMetadata()["polyglot_notebook"] = new JsonObject { ["kernelName"] = kind };
            nb.Cells.Add(cell);
        }
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var trimmed = line.TrimEnd();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal) && KernelNames.Contains(trimmed[2..]))
            {
                Flush();
                kind = trimmed[2..];
                continue;
            }
            kind ??= "csharp";
            sb.Append(line).Append('\n');
        }
        Flush();
        return nb;
    }

    public static string Write(Notebook nb)
    {
        var sb = new StringBuilder();
        foreach (var cell in nb.Cells.OfType<JsonObject>())
        {
            var kind = cell.CellType() == "markdown" ? "markdown" : cell.KernelName() ?? "csharp";
            if (cell.CellType() == "raw") continue;
            sb.Append("#!").Append(kind).Append("\n\n").Append(cell.Source().TrimEnd('\n')).Append("\n\n");
        }
        return sb.ToString();
    }
}
