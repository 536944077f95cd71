using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Notebooks.Export;
using MlNotebooks.Tracking;
using Xunit.Abstractions;

namespace MlNotebooks.Cli.Tests.Export;

/// <summary>
/// The exported Dockerfile.train (and Dockerfile.serve) built offline by scripts/containers/build-export.sh; the
/// train image runs the job against a mounted temp workspace and logs what the notebook's own headless run logs;
/// builds are cached by content hash, across export folders; the published apps never disturb a second export.
/// </summary>
public sealed partial class TrainImageTests(TrainImageFixture f, ITestOutputHelper output) : IClassFixture<TrainImageFixture>
{
    [GeneratedRegex(@"^(?<image>localhost/[a-z0-9-]+:[0-9a-f]{16}) (?<mb>\d+\.\d) MB (?<status>built [0-9.]+ s|cached)$")]
    private static partial Regex BuildLine();

    [Fact]
    public async Task TrainImage_RunsTheExportedJob_AndLogsTheNotebooksMetrics()
    {
        Assert.Equal(2, f.BuildLines.Length);
        foreach (var line in f.BuildLines) output.WriteLine(line);
        Assert.All(f.BuildLines, l => Assert.Matches(BuildLine(), l));
        Assert.StartsWith($"localhost/{TrainImageFixture.App}-train:", f.BuildLines[0], StringComparison.Ordinal);
        Assert.StartsWith($"localhost/{TrainImageFixture.App}-serve:", f.BuildLines[1], StringComparison.Ordinal);

        // The image: the published job, run as 10001, a heartbeat HEALTHCHECK, no SDK.
        Assert.Equal("10001:10001", (await Podman.RunAsync("image", "inspect", "--format", "{{.Config.User}}", f.TrainImage)).Ok("inspect").Out);
        Assert.Contains("mlnb-job.heartbeat", (await Podman.RunAsync("image", "inspect", "--format", "{{json .Config.Healthcheck}}", f.TrainImage)).Ok("inspect").Out);
        var ls = (await Podman.RunAsync("run", "--rm", "--name", f.Id + "-ls", "--entrypoint", "bash", f.TrainImage, "-c", "ls /app /usr/share/dotnet")).Ok("ls").Out.Split('\n');
        Assert.Contains("MlnbCiTrainTracked.dll", ls);
        Assert.Contains("params.yaml", ls);
        Assert.DoesNotContain("sdk", ls);
        Assert.DoesNotContain(ls, l => l.EndsWith(".pdb", StringComparison.Ordinal));

        var ws = Path.Combine(f.Dir, "ws");
        Directory.CreateDirectory(ws);
        (await Podman.ExecAsync("chown", f.Dir, "10001:10001", ws)).Ok("chown");
        var jobUri = "sqlite:///" + Path.Combine(ws, "job.db");
        var job = await Podman.RunAsync("run", "--rm", "--name", f.Id + "-job", "-v", $"{ws}:{ws}",
            "-e", "MLNB_TRACKING_URI=" + jobUri, "-e", "MLNB_RUN_ID_FILE=" + Path.Combine(ws, "run-id"), f.TrainImage);
        output.WriteLine(job.Stdout);
        job.Ok("podman run (the training job)");
        Assert.Contains("== job finished", job.Stdout);

        var notebookUri = "sqlite:///" + Path.Combine(f.Dir, "notebook.db");
        var nb = await MlnbProcess.RunAsync(f.Dir, new Dictionary<string, string?> { ["MLNB_TRACKING_URI"] = notebookUri },
            "notebook", "run", TrainImageFixture.Notebook, "-o", Path.Combine(f.Dir, "executed.ipynb"));
        Assert.True(nb.ExitCode == 0, nb.Stderr + nb.Stdout);

        var expected = await RunOf(notebookUri, f.Dir);
        var actual = await RunOf(jobUri, f.Dir);
        Assert.Equal(File.ReadAllText(Path.Combine(ws, "run-id")).Trim(), actual.Run.RunId);
        Assert.Equal(expected.Params, actual.Params);
        Assert.Equal(expected.Metrics.Keys, actual.Metrics.Keys);
        Assert.NotEmpty(expected.Metrics);
        foreach (var (key, series) in expected.Metrics)
        {
            Assert.Equal(series.Select(m => m.Step), actual.Metrics[key].Select(m => m.Step));
            foreach (var (e, a) in series.Zip(actual.Metrics[key])) Assert.Equal(e.Value, a.Value, 1e-6);
        }
        Assert.Equal("FINISHED", actual.Run.Info.Status.ToString().ToUpperInvariant());
    }

    [Fact]
    public async Task Builds_AreCachedByContent_AcrossExportFolders_AndAReexportStaysByteIdentical()
    {
        // What the images carry has no commit id in it (it would change their bytes, so the hash, on every commit).
        foreach (var assembly in new[] { typeof(MlnbException).Assembly, typeof(MlNotebooks.Serving.Hosting.ModelServer).Assembly })
            Assert.DoesNotContain("+", assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, StringComparison.Ordinal);

        // The same notebook exported into another folder: same published bytes, so the same hash, and no rebuild.
        var again = Path.Combine(f.Dir, "again");
        NotebookExporter.Export(new ExportRequest(TrainImageFixture.Notebook, again, Name: TrainImageFixture.App, Model: "cancer"));
        var line = Assert.Single((await TrainImageFixture.BuildAsync(again, "train")).Ok("build-export.sh again train").Out.Split('\n'));
        output.WriteLine(line);
        Assert.Equal(f.BuildLines[0].Split(' ')[0] + " " + f.BuildLines[0].Split(' ')[1] + " MB cached", line);

        // Exporting again into a folder holding the published apps is not refused and writes the same bytes.
        var before = Snapshot(f.Export);
        NotebookExporter.Export(new ExportRequest(TrainImageFixture.Notebook, f.Export, Name: TrainImageFixture.App, Model: "cancer"));
        Assert.Equal(before, Snapshot(f.Export));
        Assert.True(File.Exists(Path.Combine(f.Export, "train-app", "MlnbCiTrainTracked.dll")));
        Assert.True(File.Exists(Path.Combine(f.Export, "serve-app", "mlnb-serve.dll")));
        Assert.True(double.Parse(f.BuildLines[0].Split(" ")[1], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task BadInputs_FailWithOneLineNamingTheFix()
    {
        var notExport = Path.Combine(f.Dir, "plain");
        Directory.CreateDirectory(notExport);
        var r = await TrainImageFixture.BuildAsync(notExport);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"build-export: '{notExport}' is not an mlnb export (no .mlnb-export in it); run 'mlnb export NOTEBOOK --out DIR' first", r.Stderr.Trim());

        r = await TrainImageFixture.BuildAsync(f.Export, "everything");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("build-export: 'everything' is not train, serve or all", r.Stderr.Trim(), StringComparison.Ordinal);

        r = await TrainImageFixture.BuildAsync(Path.Combine(f.Dir, "missing"));
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));

        // Dockerfile.train without the published job: the build stops naming the command that publishes it.
        var context = Path.Combine(f.Dir, "nojob");
        Directory.CreateDirectory(Path.Combine(context, "train-app"));
        File.Copy(Path.Combine(f.Export, "Dockerfile.train"), Path.Combine(context, "Dockerfile.train"));
        File.Copy(Path.Combine(f.Export, "params.yaml"), Path.Combine(context, "params.yaml"));
        var runtime = (await Podman.ExecAsync("bash", Podman.RepoRoot, Path.Combine(Podman.RepoRoot, "scripts", "containers", "setup.sh"))).Ok("setup.sh").Out.Split('\n')[^1];
        var build = await Podman.RunAsync("build", "--layers=false", "--force-rm", "-f", Path.Combine(context, "Dockerfile.train"),
            "--build-arg", "SDK_IMAGE=" + runtime, "--build-arg", "RUNTIME_IMAGE=" + runtime, "-t", $"localhost/{f.Id}-nojob:test", context);
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("train-app/ has no MlnbCiTrainTracked.dll: run 'dotnet publish MlnbCiTrainTracked.csproj -c Release -o train-app -p:UseAppHost=false' first", build.Stderr + build.Stdout);
    }

    private static SortedDictionary<string, string> Snapshot(string dir) => new(
        File.ReadAllLines(Path.Combine(dir, NotebookExporter.ManifestFile)).Where(l => l.Length > 0)
            .ToDictionary(l => l, l => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, l))))),
        StringComparer.Ordinal);

    private static async Task<(Run Run, Dictionary<string, string> Params, SortedDictionary<string, IReadOnlyList<Metric>> Metrics)> RunOf(string uri, string dir)
    {
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, StartDirectory = dir, ContentRoot = Path.Combine(dir, "cache"), Environment = _ => null });
        var run = Assert.Single((await ws.Tracking.SearchRunsAsync(["demo"])).Items);
        var metrics = new SortedDictionary<string, IReadOnlyList<Metric>>(StringComparer.Ordinal);
        foreach (var key in run.Metrics.Select(m => m.Key).Distinct()) metrics[key] = await ws.Tracking.GetMetricHistoryAsync(run.RunId, key);
        return (run, run.Params.ToDictionary(p => p.Key, p => p.Value), metrics);
    }
}
