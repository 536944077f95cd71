using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Notebooks.Export;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Cli.Tests.Export;

/// <summary>
/// Once per class: notebooks/examples/train-registered.ipynb (a <c>#!train</c> cell definition, then register and
/// promote through a gate) run headless with <c>mlnb notebook run</c>, exported, the job built with `dotnet build`
/// (offline: the export's feed and the machine's NuGet cache as a read-only fallback) and run against its own store,
/// training through the mlnb.dll built next to the tests (MLNB_CLI), as the magic does.
/// </summary>
public sealed class ExportedTrainJobFixture : IAsyncLifetime
{
    public const string Model = "breast-cancer-mlp";

    private readonly TempDir _dir = new();

    public static string Notebook => Path.Combine(Podman.RepoRoot, "notebooks", "examples", "train-registered.ipynb");

    public string File(string name) => _dir.File(name);

    public string Job => _dir.File("job");

    public string NotebookUri => "sqlite:///" + _dir.File("notebook.db");

    public string JobUri => "sqlite:///" + _dir.File("job.db");

    public ExportResult Exported { get; private set; } = null!;

    public JobRun FirstRun { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Exported = NotebookExporter.Export(new ExportRequest(Notebook, Job, Name: "train-registered", Model: Model));
        var nb = await MlnbProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["MLNB_TRACKING_URI"] = NotebookUri }, "notebook", "run", Notebook, "--output", _dir.File("executed.ipynb"));
        Assert.True(nb.ExitCode == 0, "mlnb notebook run failed: " + nb.Stderr + nb.Stdout);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var build = await JobRun.ExecAsync("dotnet", Job, new() { ["NUGET_PACKAGES"] = _dir.File("nuget-packages"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            "build", "-c", "Release", "-nologo", "-v", "q", $"-p:RestoreFallbackFolders={cache}");
        Assert.True(build.ExitCode == 0, "dotnet build of the exported job failed: " + build.Stdout + build.Stderr);
        FirstRun = await RunJobAsync(JobUri);
    }

    /// <summary>Runs the built job (what `dotnet run` runs) in the temp folder against <paramref name="uri"/>.</summary>
    public Task<JobRun> RunJobAsync(string uri, params string[] args) =>
        JobRun.ExecAsync("dotnet", _dir.Path, new() { ["MLNB_TRACKING_URI"] = uri, ["MLNB_CLI"] = MlnbProcess.DllPath },
            [Path.Combine(Job, "bin", "Release", "net10.0", "TrainRegistered.dll"), .. args]);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A finished process: exit code and output.</summary>
public sealed record JobRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<JobRun> ExecAsync(string file, string workingDirectory, Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new JobRun(p.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// The exported job of a notebook that trains with <c>#!train</c>: it trains the notebook's definition (same metrics as
/// the notebook's own run, same seed, within 1e-6), registers the model, promotes it through the gate (a failing gate
/// refuses with the gate's message and a non-zero exit), and `mlnb serve models:/NAME@production` serves the result.
/// </summary>
public sealed class ExportedTrainJobTests(ExportedTrainJobFixture f) : IClassFixture<ExportedTrainJobFixture>
{
    [Fact]
    public async Task TheJob_TrainsTheNotebooksDefinition_WithTheNotebooksMetrics()
    {
        Assert.True(f.FirstRun.ExitCode == 0, f.FirstRun.Stderr);
        Assert.Contains("definitions/cell-4.cs", f.Exported.Files);
        Assert.Contains("Train.Run(\"definitions/cell-4.cs\", bundled: true, experiment: \"train-registered\", name: \"mlp\", options: [\"--epochs\", \"6\", \"--device\", \"cpu\"]);", System.IO.File.ReadAllText(Path.Combine(f.Job, "Program.cs")));
        var expected = await RunOf(f.NotebookUri);
        var actual = await RunOf(f.JobUri);
        Assert.Equal(expected.Run.Params.ToDictionary(p => p.Key, p => p.Value), actual.Run.Params.ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal(expected.Metrics.Keys, actual.Metrics.Keys);
        Assert.Contains("val_accuracy", expected.Metrics.Keys);
        Assert.Contains("epoch_train_loss", expected.Metrics.Keys);
        foreach (var (key, series) in expected.Metrics)
        {
            Assert.Equal(series.Select(m => m.Step), actual.Metrics[key].Select(m => m.Step));
            foreach (var (e, a) in series.Zip(actual.Metrics[key])) Assert.Equal(e.Value, a.Value, 1e-6);
        }
        Assert.Equal(RunStatus.Finished, actual.Run.Info.Status);
        Assert.Contains("epoch 6/6", f.FirstRun.Stdout);
    }

    [Fact]
    public async Task TheJob_RegistersTheTrainedModel_AndPromotesItThroughTheGate()
    {
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = f.JobUri });
        var trained = (await RunOf(f.JobUri)).Run;
        var version = Assert.Single(await ws.Registry.ListVersionsAsync(ExportedTrainJobFixture.Model));
        Assert.Equal(trained.RunId, version.RunId);
        Assert.Equal(1, (await ws.Registry.GetModelAsync(ExportedTrainJobFixture.Model)).Aliases["production"]);
        Assert.Equal(["metrics.val_accuracy >= 0.9"], (await ws.Registry.GetGatesAsync(ExportedTrainJobFixture.Model))["production"]);
        var accuracy = trained.Metric("val_accuracy")!.Value.ToString("G6", CultureInfo.InvariantCulture);
        Assert.Contains($"{ExportedTrainJobFixture.Model} version 1 is @production (val_accuracy {trained.Metric("val_accuracy"):F4}; gates: metrics.val_accuracy = {accuracy}, needs >= 0.9)", f.FirstRun.Stdout);
    }

    [Fact]
    public async Task AFailingGate_RefusesThePromotion_WithTheGatesMessage_AndANonZeroExit()
    {
        var uri = "sqlite:///" + f.File("refused.db");
        var run = await f.RunJobAsync(uri, "--minAccuracy", "1.01");
        Assert.NotEqual(0, run.ExitCode);
        var error = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains($"promotion of model '{ExportedTrainJobFixture.Model}' version 1 to 'production' refused by 1 gate(s): 'metrics.val_accuracy >= 1.01' failed: metrics.val_accuracy = ", error);
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri });
        Assert.Empty((await ws.Registry.GetModelAsync(ExportedTrainJobFixture.Model)).Aliases);
        Assert.Single(await ws.Registry.ListVersionsAsync(ExportedTrainJobFixture.Model));
    }

    [Fact]
    public async Task TheJobWithoutMlnb_FailsWithOneLineNamingTheFix()
    {
        var run = await JobRun.ExecAsync("dotnet", f.File("."), new() { ["MLNB_TRACKING_URI"] = "sqlite:///" + f.File("no-cli.db"), ["MLNB_CLI"] = f.File("missing/mlnb.dll") },
            Path.Combine(f.Job, "bin", "Release", "net10.0", "TrainRegistered.dll"));
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"error: step 'main' failed: MLNB_CLI={f.File("missing/mlnb.dll")} does not exist; point it at mlnb.dll or the mlnb executable", run.Stderr);
    }

    [Fact]
    public async Task TheModelTheJobPromoted_IsServedByMlnbServe_AnsweringOipV2Infer()
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = f.File("."), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { MlnbProcess.DllPath, "serve", $"models:/{ExportedTrainJobFixture.Model}@production", "--port", "0" }) psi.ArgumentList.Add(a);
        psi.Environment["MLNB_TRACKING_URI"] = f.JobUri;
        psi.Environment["NO_COLOR"] = "1";
        using var server = Process.Start(psi)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            string? serving = null;
            while (serving is null && await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                if (line.StartsWith("serving ", StringComparison.Ordinal)) serving = line;
            if (serving is null) Assert.Fail("mlnb serve ended: " + await server.StandardError.ReadToEndAsync());
            Assert.StartsWith($"serving models:/{ExportedTrainJobFixture.Model}@production (version 1) at http://127.0.0.1:", serving);
            var url = serving![serving!.IndexOf("http://", StringComparison.Ordinal)..];
            using var http = new HttpClient();
            var csv = System.IO.File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv")).Skip(1).Take(2)
                .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
            var request = new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject
                {
                    ["name"] = "input", ["shape"] = new JsonArray(2, 30), ["datatype"] = "FP32",
                    ["data"] = new JsonArray([.. csv.SelectMany(r => r.Take(30)).Select(v => (JsonNode)v)]),
                }),
            };
            var response = await http.PostAsJsonAsync(url + "/infer", request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("1", (string?)body["model_version"]);
            var output = body["outputs"]![0]!;
            Assert.Equal("probabilities", (string?)output["name"]);
            var p = output["data"]!.AsArray().Select(v => (double)v!).ToArray();
            Assert.Equal(4, p.Length);
            for (var row = 0; row < 2; row++)
            {
                Assert.Equal(1.0, p[2 * row] + p[2 * row + 1], 1e-5);
                Assert.Equal(csv[row][30], p[2 * row + 1] > 0.5 ? 1 : 0); // the model (val_accuracy 0.98) gets these rows right
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<(Run Run, SortedDictionary<string, IReadOnlyList<Metric>> Metrics)> RunOf(string uri)
    {
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri });
        var run = Assert.Single((await ws.Tracking.SearchRunsAsync(["train-registered"])).Items);
        var metrics = new SortedDictionary<string, IReadOnlyList<Metric>>(StringComparer.Ordinal);
        // Timings differ from run to run; every other metric is the same computation with the same seed.
        foreach (var key in run.Metrics.Select(m => m.Key).Distinct().Where(k => !k.EndsWith("_seconds", StringComparison.Ordinal)))
            metrics[key] = await ws.Tracking.GetMetricHistoryAsync(run.RunId, key);
        return (run, metrics);
    }
}
