using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.Documents;
using MlNotebooks.Notebooks.Tests.Support;

namespace MlNotebooks.Notebooks.Tests;

public sealed class NotebookDocumentTests
{
    [Fact]
    public void MalformedJson_FailsNamingTheLineAndTheFix()
    {
        var e = Assert.Throws<MlnbException>(() => Notebook.Parse("{\"cells\": [\n  {\"cell_type\": \"code\",,}\n]}", "broken.ipynb"));
        Assert.Equal(ErrorCode.DataCorrupted, e.Code);
        Assert.StartsWith("'broken.ipynb' is not valid notebook JSON (line 2,", e.Message);
        Assert.EndsWith("fix the file or re-save it from Jupyter", e.Message);
    }

    [Fact]
    public void Nbformat3_FailsWithTheConversionCommand()
    {
        var v3 = """{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}""";
        var e = Assert.Throws<MlnbException>(() => Notebook.Parse(v3, "old.ipynb"));
        Assert.Equal("'old.ipynb' is nbformat 3; this runner reads nbformat 4 — convert it with `/usr/bin/python3 -m nbconvert --to notebook --nbformat 4 old.ipynb`", e.Message);
    }

    [Fact]
    public void CellsWithoutIds_GetUniqueIdsAndNbformat45()
    {
        var nb = Notebook.Parse("""{"nbformat": 4, "nbformat_minor": 2, "metadata": {}, "cells": [{"cell_type": "markdown", "metadata": {}, "source": "a"}, {"cell_type": "markdown", "metadata": {}, "source": "b"}]}""");
        var ids = nb.Cells.OfType<JsonObject>().Select(c => (string?)c["id"]).ToList();
        Assert.All(ids, id => Assert.Matches("^[a-f0-9]{12}$", id));
        Assert.NotEqual(ids[0], ids[1]);
        Assert.Equal(5, (int)nb.Root["nbformat_minor"]!);
    }

    [Fact]
    public void Dib_ReadsCellsPerKernelAndKeepsMagicLinesInTheirCell()
    {
        using var dir = new TempDir();
        var path = dir.File("n.dib");
        File.WriteAllText(path, "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\"}}\n\n#!markdown\n\n# Title\n\n#!csharp\n\n#!track start --experiment e\nvar x = 1;\n\n#!csharp\n\nx + 1\n");
        var cells = Notebook.Load(path).Cells.OfType<JsonObject>().ToList();
        Assert.Equal(["markdown", "code", "code"], cells.Select(c => c.CellType()));
        Assert.Equal("#!track start --experiment e\nvar x = 1;", cells[1].Source());
        Assert.Equal("csharp", cells[2].KernelName());
    }

    [Fact]
    public void SavedNotebook_PassesNbformatValidation()
    {
        using var dir = new TempDir();
        var path = TestNotebooks.Create(TestNotebooks.Markdown("# t"), TestNotebooks.Code("1 + 1", "parameters")).Save(dir, "plain.ipynb");
        TestNotebooks.AssertValidNbformat(path);
    }
}
