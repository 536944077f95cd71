using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MlNotebooks.Cli.Tests.Support;

namespace MlNotebooks.Cli.Tests.Kernel;

/// <summary>
/// The mlnb-csharp kernel as Jupyter runs it: real `mlnb kernel start` processes started by jupyter_client from the
/// kernelspec `mlnb kernel install` wrote, driven over ZeroMQ by Debian's Python Jupyter stack.
/// </summary>
public sealed class KernelProtocolTests(KernelSpecFixture spec) : IClassFixture<KernelSpecFixture>
{
    private async Task<JsonObject> ScenarioAsync(string name, string? arg = null, string? cwd = null, IReadOnlyDictionary<string, string>? env = null)
    {
        string[] args = arg is null ? [KernelSpecFixture.Script("kernel_scenarios.py"), name] : [KernelSpecFixture.Script("kernel_scenarios.py"), name, arg];
        var result = await spec.PythonAsync(cwd ?? spec.Dir.Path, env, args);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonNode.Parse(result.Stdout.Trim().Split('\n')[^1])!.AsObject();
    }

    [Fact]
    public async Task JupyterKernelTestSuite_PassesEveryTest_AndSkipsNone()
    {
        var result = await spec.PythonAsync(spec.Dir.Path, null, KernelSpecFixture.Script("test_mlnb_csharp.py"));
        var report = result.Stderr; // unittest reports on stderr
        Assert.True(result.ExitCode == 0, report);
        var ran = int.Parse(Regex.Match(report, @"Ran (\d+) tests").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(12, ran); // every test KernelTests 0.4.5 offers
        Assert.Equal(ran, Regex.Matches(report, @"^test_\w+ \(.*\) \.\.\. ok$", RegexOptions.Multiline).Count);
        Assert.DoesNotContain("skipped", report, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"\nOK\s*$", report);
    }

    [Fact]
    public async Task TrackCells_WithoutReferenceLines_RecordTheRunInTheWorkspace()
    {
        var db = spec.Dir.File("track.db");
        var r = await ScenarioAsync("track", spec.Dir.Path, env: new Dictionary<string, string> { ["MLNB_TRACKING_URI"] = "sqlite:///" + db });
        Assert.Equal(["ok", "ok", "ok"], r["statuses"]!.AsArray().Select(s => (string?)s));
        var runId = (string)r["run_id"]!;
        Assert.Matches("^[0-9a-f]{32}$", runId);
        var show = await MlnbProcess.RunAsync(spec.Dir.Path, new Dictionary<string, string?> { ["MLNB_TRACKING_URI"] = "sqlite:///" + db }, "runs", "show", runId);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains("via-jupyter-client", show.Stdout);
        Assert.Contains("FINISHED", show.Stdout);
        Assert.Matches(@"loss\s*│\s*0\.333333\s*│\s*2", show.Stdout); // Track.Metric from C#, last step
    }

    [Fact]
    public async Task EndlessLoop_IsInterrupted_AndTheKernelKeepsItsState()
    {
        var r = await ScenarioAsync("interrupt");
        Assert.Equal("error", (string?)r["interrupted"]);
        Assert.Equal("KeyboardInterrupt", (string?)r["ename"]);
        Assert.Equal("ok", (string?)r["after"]);
        Assert.Equal(["42"], r["result"]!.AsArray().Select(s => (string?)s)); // `before` survived the interrupt
        Assert.True((bool)r["alive"]!);
    }

    [Fact]
    public async Task ForgedSignature_IsDroppedUnexecuted_WhileTheRightKeyRuns()
    {
        var marker = spec.Dir.File("forged.marker");
        var r = await ScenarioAsync("forged", marker);
        Assert.False((bool)r["forged_replied"]!);
        Assert.False((bool)r["ran_forged"]!);
        Assert.Equal("ok", (string?)r["alive"]);
        Assert.Equal("ok", (string?)r["signed"]);
        Assert.Equal("ran\n", (string?)r["marker"]); // once: only the correctly signed message ran
    }

    [Fact]
    public async Task ConsoleReadLine_AndGetInputAsync_AskTheFrontendOverStdin()
    {
        var r = await ScenarioAsync("stdin");
        Assert.Equal("ok", (string?)r["status"]);
        Assert.Equal(["", "Last name?"], r["prompts"]!.AsArray().Select(s => (string?)s));
        Assert.Equal("hello Ada Lovelace\n", (string?)r["text"]);
    }

    [Fact]
    public async Task FailedCell_WithStopOnError_AbortsTheQueuedRequest_AndWithoutItDoesNot()
    {
        var r = await ScenarioAsync("abort");
        Assert.Equal("error", (string?)r["first"]);
        Assert.Equal("InvalidOperationException", (string?)r["first_ename"]);
        Assert.Equal("System.InvalidOperationException: first fails", (string?)r["first_trace"]); // frontends show only the traceback
        Assert.Equal("error", (string?)r["second"]); // spec 5.1+: aborted requests answer status error
        Assert.Equal("ExecutionAborted", (string?)r["second_ename"]);
        Assert.False((bool)r["second_ran"]!);
        Assert.Equal("ok", (string?)r["after_lenient"]);
    }

    [Fact]
    public async Task KilledParent_LeavesNoKernelProcess()
    {
        var pidFile = spec.Dir.File("kernel.pid");
        var psi = new ProcessStartInfo("/usr/bin/python3", [KernelSpecFixture.Script("kernel_scenarios.py"), "parent", pidFile]) { RedirectStandardError = true };
        psi.Environment["JUPYTER_PATH"] = spec.JupyterPath;
        using var parent = Process.Start(psi)!;
        var stderr = parent.StandardError.ReadToEndAsync();
        var waited = Stopwatch.StartNew();
        while (!File.Exists(pidFile) && !parent.HasExited && waited.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(200);
        Assert.True(File.Exists(pidFile), "the parent never started its kernel: " + (parent.HasExited ? await stderr : ""));
        var kernelPid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists($"/proc/{kernelPid}"));

        parent.Kill(); // SIGKILL: the parent cannot shut its kernel down
        await parent.WaitForExitAsync();
        waited.Restart();
        while (Directory.Exists($"/proc/{kernelPid}") && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(200);
        Assert.False(Directory.Exists($"/proc/{kernelPid}"), $"kernel {kernelPid} outlived its parent");
    }

    private static readonly string RepoRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../.."));

    /// <summary>Every notebook under notebooks/, as a path relative to it: one test case each, so one broken lesson hides no other.</summary>
    public static TheoryData<string> RepositoryNotebooks() => new(NotebookPaths());

    private static IEnumerable<string> NotebookPaths()
    {
        var folder = Path.Combine(RepoRoot, "notebooks");
        return Directory.GetFiles(folder, "*.ipynb", SearchOption.AllDirectories).Select(n => Path.GetRelativePath(folder, n)).Order(StringComparer.Ordinal);
    }

    [Fact]
    public void RepositoryNotebooks_AreFound() => Assert.Contains("curriculum/7.2-tracking-server.ipynb", NotebookPaths());

    [Theory]
    [MemberData(nameof(RepositoryNotebooks))]
    public async Task Nbconvert_ExecutesTheNotebook_OnOurKernel_AndAgainOnTheSameStore(string relativePath)
    {
        var notebook = Path.Combine(RepoRoot, "notebooks", relativePath);
        var work = Directory.CreateDirectory(spec.Dir.File("nb-" + Path.GetFileNameWithoutExtension(notebook))).FullName;
        File.Copy(notebook, Path.Combine(work, "in.ipynb"));
        // Lessons find their data by walking up from the working folder, as they do from notebooks/ in a clone.
        Directory.CreateSymbolicLink(Path.Combine(work, "data"), Path.Combine(RepoRoot, "data"));
        var env = new Dictionary<string, string> { ["MLNB_TRACKING_URI"] = "sqlite:///" + Path.Combine(work, "mlnb.db") };
        var r = await spec.PythonAsync(work, env, "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=mlnb-csharp",
            "--ExecutePreprocessor.timeout=300", "in.ipynb", "--output", "out.ipynb");
        Assert.True(r.ExitCode == 0, $"{notebook}: {r.Stderr}");
        var executed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(work, "out.ipynb")))!;
        var outputs = executed["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").SelectMany(c => c!["outputs"]!.AsArray()).ToList();
        Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        Assert.All(outputs.Where(o => o!["data"] is not null), o => Assert.NotNull(o!["data"]!["text/plain"])); // text beside every rich output

        // One host, and a rerun on the same store (as a teacher reruns a lesson): the notebook Jupyter just executed
        // runs the same under `mlnb notebook run`, output for output.
        var again = await MlnbProcess.RunAsync(work, env.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), "notebook", "run", "out.ipynb", "-o", "again.ipynb", "-q");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(OutputShapes(Path.Combine(work, "out.ipynb")), OutputShapes(Path.Combine(work, "again.ipynb")));
    }

    /// <summary>Per code cell: the output types (and stream names, MIME types) in order.</summary>
    private static List<string> OutputShapes(string path) =>
    [
        .. JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code")
            .Select(c => string.Join(" | ", c!["outputs"]!.AsArray().Select(o => $"{o!["output_type"]}:{o["name"]}:{string.Join(",", (o["data"] as JsonObject)?.Select(kv => kv.Key).Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())}"))),
    ];
}
