using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.Documents;

namespace MlNotebooks.Notebooks.Execution;

/// <summary>Which kernel runs a notebook and its cells; fails early, naming what is supported.</summary>
internal static class NotebookLanguage
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["c#"] = "csharp", ["csharp"] = "csharp", [".net-csharp"] = "csharp", ["cs"] = "csharp", ["mlnb-csharp"] = "csharp",
    };

    public static void Check(Notebook nb, string name)
    {
        var md = nb.Metadata;
        var declared = (string?)((md["kernelspec"] as JsonObject)?["language"])
            ?? (string?)((md["language_info"] as JsonObject)?["name"])
            ?? (string?)(((md["polyglot_notebook"] as JsonObject)?["kernelInfo"] as JsonObject)?["defaultKernelName"]);
        if (declared is not null && !Aliases.ContainsKey(declared))
            throw MlnbException.Invalid($"'{name}' is a {declared} notebook; mlnb notebook run executes C# (.NET Interactive) notebooks — kernel 'csharp'. Run other languages with their own tools (papermill for Python)");
        foreach (var (cell, i) in nb.Cells.OfType<JsonObject>().Select((c, i) => (c, i)))
        {
            if (cell.CellType() != "code" || cell.KernelName() is not { } k || Aliases.ContainsKey(k)) continue;
            throw MlnbException.Invalid($"cell {i} of '{name}' asks for kernel '{k}'; this runner has: {string.Join(", ", KernelHost.Languages)}");
        }
    }

    public static string KernelFor(JsonObject cell) => cell.KernelName() is { } k && Aliases.TryGetValue(k, out var name) ? name : "csharp";
}
