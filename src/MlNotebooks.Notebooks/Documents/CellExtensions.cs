using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Notebooks.Documents;

/// <summary>Reading and writing the parts of an nbformat cell.</summary>
public static class CellExtensions
{
    /// <summary>The cell type: code, markdown or raw.</summary>
    public static string CellType(this JsonObject cell) => cell["cell_type"]?.GetValue<string>() ?? "code";

    /// <summary>The source, whether stored as one string or as a list of lines.</summary>
    public static string Source(this JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => "",
    };

    /// <summary>The cell's tags.</summary>
    public static IReadOnlyList<string> Tags(this JsonObject cell) =>
        (cell["metadata"] as JsonObject)?["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>The cell's metadata object (created when missing).</summary>
    public static JsonObject CellMetadata(this JsonObject cell) =>
        cell["metadata"] as JsonObject ?? (JsonObject)(cell["metadata"] = new JsonObject());

    /// <summary>The .NET Interactive kernel name a cell asks for, or null for the notebook's default.</summary>
    public static string? KernelName(this JsonObject cell)
    {
        var md = cell["metadata"] as JsonObject;
        return (md?["polyglot_notebook"] as JsonObject)?["kernelName"]?.GetValue<string>()
            ?? (md?["dotnet_interactive"] as JsonObject)?["language"]?.GetValue<string>();
    }

    /// <summary>A new code cell.</summary>
    public static JsonObject NewCode(string source, params string[] tags) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["id"] = Notebook.NewId(),
        ["metadata"] = tags.Length == 0 ? new JsonObject() : new JsonObject { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) },
        ["outputs"] = new JsonArray(),
        ["source"] = source,
    };

    /// <summary>A new markdown cell.</summary>
    public static JsonObject NewMarkdown(string source, params string[] tags) => new()
    {
        ["cell_type"] = "markdown",
        ["id"] = Notebook.NewId(),
        ["metadata"] = tags.Length == 0 ? new JsonObject() : new JsonObject { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) },
        ["source"] = source,
    };
}
