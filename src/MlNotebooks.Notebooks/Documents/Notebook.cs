using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Notebooks.Documents;

/// <summary>
/// A notebook in nbformat 4, kept as its JSON so metadata we do not know survives a round trip. A .dib file is read
/// into the same shape. Cells get ids (nbformat 4.5) when they have none.
/// </summary>
public sealed class Notebook
{
    private Notebook(JsonObject root) => Root = root;

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells, in order.</summary>
    public JsonArray Cells => (JsonArray)Root["cells"]!;

    /// <summary>The notebook metadata object (created when missing).</summary>
    public JsonObject Metadata => Root["metadata"] as JsonObject ?? (JsonObject)(Root["metadata"] = new JsonObject());

    /// <summary>Reads an .ipynb (nbformat 4) or a .dib file.</summary>
    public static Notebook Load(string path)
    {
        if (!File.Exists(path)) throw MlnbException.NotFound($"notebook '{path}' does not exist");
        var text = File.ReadAllText(path);
        return Path.GetExtension(path).Equals(".dib", StringComparison.OrdinalIgnoreCase) ? DibFormat.Parse(text) : Parse(text, path);
    }

    /// <summary>Parses .ipynb JSON; fails with a fix for malformed JSON and for nbformat other than 4.</summary>
    public static Notebook Parse(string json, string name = "notebook")
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{name}' is not valid notebook JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message.Split(". ")[0]}); fix the file or re-save it from Jupyter");
        }
        if (node is not JsonObject root || root["cells"] is not JsonArray)
        {
            if (node is JsonObject { } old && old["worksheets"] is not null)
                throw NotV4(name, old["nbformat"]?.ToString() ?? "3");
            throw new MlnbException(ErrorCode.DataCorrupted, $"'{name}' is JSON but not a notebook (no \"cells\" list); give an .ipynb in nbformat 4");
        }
        var major = root["nbformat"]?.GetValueKind() == JsonValueKind.Number ? root["nbformat"]!.GetValue<int>() : 0;
        if (major != 4) throw NotV4(name, root["nbformat"]?.ToString() ?? "missing");
        var nb = new Notebook(root);
        nb.EnsureCellIds();
        return nb;
    }

    private static MlnbException NotV4(string name, string version) =>
        MlnbException.Invalid($"'{name}' is nbformat {version}; this runner reads nbformat 4 — convert it with `/usr/bin/python3 -m nbconvert --to notebook --nbformat 4 {name}`");

    /// <summary>A new, empty nbformat 4.5 notebook for C#.</summary>
    public static Notebook CreateCSharp() => new(new JsonObject
    {
        ["cells"] = new JsonArray(),
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "C#", ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["pygments_lexer"] = "csharp" },
        },
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
    });

    /// <summary>Gives every cell an id and marks the notebook nbformat 4.5 (ids are required from 4.5).</summary>
    public void EnsureCellIds()
    {
        var seen = new HashSet<string>();
        foreach (var cell in Cells.OfType<JsonObject>())
        {
            var id = cell["id"]?.GetValueKind() == JsonValueKind.String ? cell["id"]!.GetValue<string>() : null;
            if (id is null || !seen.Add(id)) cell["id"] = NewId(seen);
        }
        if ((Root["nbformat_minor"]?.GetValue<int>() ?? 0) < 5) Root["nbformat_minor"] = 5;
    }

    internal static string NewId(ISet<string>? taken = null)
    {
        string id;
        do id = Guid.NewGuid().ToString("N")[..12]; while (taken is not null && !taken.Add(id));
        return id;
    }

    /// <summary>Writes the notebook as .ipynb JSON (one-space indent, like Jupyter).</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        if (Path.GetExtension(path).Equals(".dib", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(path, DibFormat.Write(this));
            return;
        }
        var tmp = MlNotebooks.Storage.TempFiles.Beside(path);
        try
        {
            File.WriteAllText(tmp, Root.ToJsonString(JsonOptions) + "\n");
            File.Move(tmp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>The JSON text of the notebook.</summary>
    public string ToJson() => Root.ToJsonString(JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
