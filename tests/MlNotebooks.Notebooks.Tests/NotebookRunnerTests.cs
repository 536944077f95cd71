using System.Text.Json.Nodes;
using MlNotebooks.Notebooks.Documents;
using MlNotebooks.Notebooks.Execution;
using MlNotebooks.Notebooks.Tests.Support;
using static MlNotebooks.Notebooks.Tests.Support.TestNotebooks;

namespace MlNotebooks.Notebooks.Tests;

/// <summary>The runner on real in-process kernels; each run starts its own C# kernel.</summary>
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Uri => "sqlite:///" + _dir.File("mlnb.db");

    private RunOptions Options(string input, string output, Dictionary<string, string>? parameters = null) =>
        new() { InputPath = input, OutputPath = output, Parameters = parameters ?? [], TrackingUri = Uri, WorkingDirectory = _dir.Path };

    [Fact]
    public async Task ParameterizedTrackingNotebook_RunsWritesPapermillMetadataAndRecordsTheRun()
    {
        var input = Create(
            Markdown("# training"),
            Code("int epochs = 3;\ndouble lr = 0.5;", "parameters"),
            Code("#!track start --experiment runner\n#!track param source=notebook"),
            Code("for (var i = 0; i < epochs; i++) Track.Metric(\"loss\", lr / (i + 1), i);\nConsole.WriteLine($\"trained {epochs} epochs\");"),
            Code("#!track end")).Save(_dir, "train.ipynb");

        var first = await NotebookRunner.RunAsync(Options(input, _dir.File("out.ipynb"), new() { ["epochs"] = "4", ["lr"] = "0.25" }));
        Assert.True(first.Succeeded, first.Failure?.Message);
        // Run the executed notebook again with other values: its injected cell is replaced, not added.
        var second = await NotebookRunner.RunAsync(Options(_dir.File("out.ipynb"), _dir.File("out2.ipynb"), new() { ["epochs"] = "2" }));
        Assert.True(second.Succeeded, second.Failure?.Message);

        AssertValidNbformat(_dir.File("out.ipynb"));
        var cells = CellsOf(_dir.File("out.ipynb"));
        Assert.Equal(["parameters"], cells[1].Tags());
        Assert.Equal(["injected-parameters"], cells[2].Tags());
        Assert.Equal("// Parameters\nint epochs = 4;\ndouble lr = 0.25;\n", cells[2].Source());
        Assert.All(cells, c => Assert.Equal("completed", c.Status()));
        Assert.Equal("trained 4 epochs\n", cells[4].OutputText());
        var pm = (JsonObject)Notebook.Load(_dir.File("out.ipynb")).Metadata["papermill"]!;
        Assert.Equal("4", (string?)pm["parameters"]!["epochs"]);
        Assert.Equal("3", (string?)pm["default_parameters"]!["epochs"]);
        foreach (var field in new[] { "start_time", "end_time", "duration", "input_path", "output_path", "environment_variables", "version" })
            Assert.NotNull(pm[field]);
        var cellPm = (JsonObject)cells[4].CellMetadata()["papermill"]!;
        Assert.Equal(["duration", "end_time", "exception", "start_time", "status"], cellPm.Select(kv => kv.Key).Order());
        Assert.False((bool)cellPm["exception"]!);

        var rerun = CellsOf(_dir.File("out2.ipynb"));
        Assert.Single(rerun, c => c.Tags().Contains("injected-parameters"));
        Assert.Equal("trained 2 epochs\n", rerun[4].OutputText());

        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = Uri });
        var runs = (await ws.Tracking.SearchRunsAsync(["runner"], orderBy: ["attributes.start_time ASC"])).Items;
        Assert.Equal(2, runs.Count);
        var history = await ws.Tracking.GetMetricHistoryAsync(runs[0].RunId, "loss");
        Assert.Equal([0.25, 0.125, 0.25 / 3, 0.0625], history.OrderBy(m => m.Step).Select(m => m.Value));
        Assert.Equal(Path.GetFullPath(input), runs[0].Tag("mlnb.notebook.path"));
        Assert.Equal("3", runs[0].Tag("mlnb.notebook.cell"));
    }

    [Fact]
    public async Task FailingCell_WritesTheNotebookWithAnErrorMarkerAndReportsTheCell()
    {
        var input = Create(
            Code("var a = 1;"),
            Code("var zero = 0;\nConsole.WriteLine(a / zero);"),
            Code("Console.WriteLine(\"never\");")).Save(_dir, "fail.ipynb");

        var result = await NotebookRunner.RunAsync(Options(input, _dir.File("fail.out.ipynb")));

        Assert.False(result.Succeeded);
        var f = result.Failure!;
        Assert.Equal(("DivideByZeroException", "Attempted to divide by zero.", 2), (f.ExceptionName, f.Message, f.ExecutionCount));
        Assert.NotEmpty(f.Traceback);
        AssertValidNbformat(_dir.File("fail.out.ipynb"));
        var cells = CellsOf(_dir.File("fail.out.ipynb"));
        Assert.Contains("An Exception was encountered at '<a href=\"#papermill-error-cell\">In [2]</a>'", cells[0].Source());
        Assert.Contains("id=\"papermill-error-cell\"", cells[2].Source());
        Assert.Same(cells[f.CellIndex], cells[3]);
        Assert.Equal("failed", cells[3].Status());
        Assert.Equal("error", (string?)cells[3]["outputs"]![0]!["output_type"]);
        Assert.Equal("pending", cells[4].Status());
        Assert.True((bool)Notebook.Load(_dir.File("fail.out.ipynb")).Metadata["papermill"]!["exception"]!);
    }

    [Fact]
    public async Task Resume_ReplaysOnlyTheCellsThatDefineNeededState()
    {
        var marker = _dir.File("ready.txt");
        var input = Create(
            Code("var data = new List<int> { 1, 2, 3 };\nSystem.IO.File.AppendAllText(\"define.log\", \"x\");"),
            Code("System.IO.File.AppendAllText(\"unrelated.log\", \"x\");\nvar unrelated = 42;"),
            Code($"if (!System.IO.File.Exists(@\"{marker}\")) throw new InvalidOperationException(\"not ready\");\nConsole.WriteLine(data.Sum());")).Save(_dir, "resume.ipynb");
        var output = _dir.File("resume.out.ipynb");
        var failed = await NotebookRunner.RunAsync(Options(input, output));
        Assert.Equal("not ready", failed.Failure?.Message);

        File.WriteAllText(marker, "");
        var resumed = await NotebookRunner.RunAsync(Options(input, output) with { ResumePath = output });

        Assert.True(resumed.Succeeded, resumed.Failure?.Message);
        Assert.Equal("resume: starting at cell 2; replaying cell(s) 0 that define state it uses; keeping the outputs of 1 other earlier code cell(s)", Assert.Single(resumed.Notes));
        Assert.Equal("xx", File.ReadAllText(_dir.File("define.log")));
        Assert.Equal("x", File.ReadAllText(_dir.File("unrelated.log")));
        var cells = CellsOf(output);
        Assert.DoesNotContain(cells, c => c.Tags().Contains("papermill-error-cell-tag"));
        Assert.Equal("6\n", cells[2].OutputText());
        AssertValidNbformat(output);
    }

    [Fact]
    public async Task DibNotebook_RunsAndItsResultsHavePlainTextBesideHtml()
    {
        File.WriteAllText(_dir.File("calc.dib"), "#!markdown\n\n# calc\n\n#!csharp\n\nvar n = 21;\n\n#!csharp\n\nn * 2\n");

        var result = await NotebookRunner.RunAsync(Options(_dir.File("calc.dib"), _dir.File("calc.out.ipynb")));

        Assert.True(result.Succeeded, result.Failure?.Message);
        var data = (JsonObject)CellsOf(_dir.File("calc.out.ipynb"))[2]["outputs"]![0]!["data"]!;
        Assert.Equal("42", (string?)data["text/plain"]);
        Assert.Contains("42", (string?)data["text/html"]);
        AssertValidNbformat(_dir.File("calc.out.ipynb"));
    }

    [Fact]
    public async Task HangingCell_FailsAfterTheTimeoutKeepingWhatItPrinted()
    {
        // The first cell pays the cold compile; the timeout is generous enough for it on a loaded machine.
        var input = Create(Code("var ready = true;"), Code("Console.WriteLine(\"before\");\nSystem.Threading.Thread.Sleep(30_000);")).Save(_dir, "hang.ipynb");

        var result = await NotebookRunner.RunAsync(Options(input, _dir.File("hang.out.ipynb")) with { CellTimeout = TimeSpan.FromSeconds(8) });

        Assert.Equal("CellTimeoutError", result.Failure?.ExceptionName);
        Assert.Equal("the cell did not finish within 8 s; raise --timeout or make the cell faster", result.Failure?.Message);
        AssertValidNbformat(_dir.File("hang.out.ipynb"));
        var hung = CellsOf(_dir.File("hang.out.ipynb"))[result.Failure!.CellIndex];
        Assert.Contains("Thread.Sleep", hung.Source());
        Assert.Equal("failed", hung.Status());
        Assert.StartsWith("before\n", hung.OutputText());
    }

    [Fact]
    public async Task MegabytesOfOutput_AreTruncatedWithANote()
    {
        var input = Create(Code("for (var i = 0; i < 30_000; i++) Console.WriteLine(new string('x', 99));")).Save(_dir, "big.ipynb");

        var result = await NotebookRunner.RunAsync(Options(input, _dir.File("big.out.ipynb")) with { MaxOutputBytes = 100_000 });

        Assert.True(result.Succeeded, result.Failure?.Message);
        var text = CellsOf(_dir.File("big.out.ipynb"))[0].OutputText();
        Assert.True(text.Length < 101_000, $"kept {text.Length} characters");
        Assert.Contains("[mlnb] output truncated: 2,900,000 more characters were not kept (limit 100,000 per cell; raise it with --max-output-bytes)", text);
        AssertValidNbformat(_dir.File("big.out.ipynb"));
    }

    [Fact]
    public async Task UnknownKernelLanguage_FailsBeforeRunningNamingTheSupportedOne()
    {
        var nb = Create(Code("print(1)"));
        nb.Metadata["kernelspec"] = new JsonObject { ["name"] = "python3", ["language"] = "python", ["display_name"] = "Python 3" };
        var input = nb.Save(_dir, "py.ipynb");

        var e = await Assert.ThrowsAsync<MlnbException>(() => NotebookRunner.RunAsync(Options(input, _dir.File("py.out.ipynb"))));

        Assert.StartsWith($"'{input}' is a python notebook; mlnb notebook run executes C# (.NET Interactive) notebooks — kernel 'csharp'", e.Message);
    }

    [Fact]
    public async Task ParameterThatDoesNotParse_FailsBeforeRunning()
    {
        var input = Create(Code("int epochs = 10;", "parameters")).Save(_dir, "p.ipynb");

        var e = await Assert.ThrowsAsync<MlnbException>(() => NotebookRunner.RunAsync(Options(input, _dir.File("p.out.ipynb"), new() { ["epochs"] = "1.5" })));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.StartsWith("parameter 'epochs' = '1.5' is not a valid int", e.Message);
        Assert.False(File.Exists(_dir.File("p.out.ipynb")));
    }
}
