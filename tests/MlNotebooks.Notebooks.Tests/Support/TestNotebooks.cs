using System.Diagnostics;
using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.Documents;

namespace MlNotebooks.Notebooks.Tests.Support;

/// <summary>Builds small C# notebooks, and checks written ones with Debian's nbformat.</summary>
public static class TestNotebooks
{
    public static Notebook Create(params JsonObject[] cells)
    {
        var nb = Notebook.CreateCSharp();
        foreach (var c in cells) nb.Cells.Add(c);
        return nb;
    }

    public static JsonObject Code(string source, params string[] tags) => CellExtensions.NewCode(source, tags);

    public static JsonObject Markdown(string source) => CellExtensions.NewMarkdown(source);

    public static string Save(this Notebook nb, TempDir dir, string name)
    {
        var path = dir.File(name);
        nb.Save(path);
        return path;
    }

    /// <summary>Validates with Debian's python3-nbformat (the pyenv python3 first on PATH has no Jupyter modules).</summary>
    public static void AssertValidNbformat(string path)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT); nbformat.validate(nb); print('valid', nb.nbformat, nb.nbformat_minor)", path])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"nbformat rejected {path}: {stderr}");
        Assert.Equal("valid 4 5", stdout.Trim());
    }

    public static List<JsonObject> CellsOf(string path) => Notebook.Load(path).Cells.OfType<JsonObject>().ToList();

    public static string? Status(this JsonObject cell) => (string?)(cell.CellMetadata()["papermill"] as JsonObject)?["status"];

    public static string OutputText(this JsonObject cell) =>
        string.Concat(((JsonArray?)cell["outputs"] ?? []).OfType<JsonObject>().Select(o =>
            Text(o["text"]) ?? Text((o["data"] as JsonObject)?["text/plain"]) ?? Text(o["evalue"]) ?? ""));

    /// <summary>nbformat stores multi-line strings as one string or as a list of lines.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue v => (string?)v,
        _ => null,
    };
}
