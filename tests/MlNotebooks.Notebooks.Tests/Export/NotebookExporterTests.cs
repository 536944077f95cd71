using k8s;
using k8s.Models;
using MlNotebooks.Notebooks.Export;
using MlNotebooks.Notebooks.Tests.Support;
using static MlNotebooks.Notebooks.Tests.Support.TestNotebooks;

namespace MlNotebooks.Notebooks.Tests.Export;

public sealed class NotebookExporterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string TrainTracked => Repo.Path("notebooks/examples/train-tracked.ipynb");

    private static readonly string[] ExpectedFiles =
    [
        ".dockerignore", ".github/workflows/ml.yml", ".gitignore", NotebookExporter.ManifestFile, "Directory.Build.props", "Directory.Packages.props",
        "Dockerfile.serve", "Dockerfile.train", "Program.cs", "README.md", "Runtime/JobContext.cs", "Runtime/Notebook.cs", "Runtime/Registry.cs", "Runtime/Track.cs", "Runtime/Train.cs",
        "TrainTracked.csproj", "k8s/serve-canary.yaml", "k8s/serve-deployment.yaml", "k8s/serve-hpa.yaml", "k8s/serve-service.yaml", "k8s/train-job.yaml",
        "notebook/train-tracked.ipynb", "nuget.config", "params.ci.yaml", "params.yaml",
    ];

    [Fact]
    public void Export_TrainTracked_WritesOneFolderAndTheSameBytesTwice()
    {
        var first = NotebookExporter.Export(new ExportRequest(TrainTracked, _dir.File("a")));
        var second = NotebookExporter.Export(new ExportRequest(TrainTracked, _dir.File("b")));

        Assert.Equal(ExpectedFiles, first.Files.Where(f => !f.StartsWith("feed/", StringComparison.Ordinal)));
        Assert.Equal($"feed/mlnotebooks.core.{JobFeed.CoreVersion()}.nupkg", Assert.Single(first.Files, f => f.StartsWith("feed/", StringComparison.Ordinal)));
        Assert.Equal(first.Files, second.Files);
        foreach (var f in first.Files)
            Assert.True(File.ReadAllBytes(Path.Combine(first.Output, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second.Output, f))), $"{f} differs between two exports");
        var program = File.ReadAllText(Path.Combine(first.Output, "Program.cs"));
        Assert.Contains("double lr = job.Param(\"lr\", 0.1);", program);
        Assert.Contains("Track.Start(\"demo\", \"notebook-run\");", program);
        Assert.DoesNotContain("#!", program);
        Assert.DoesNotContain(">>mlnb:", program);
        Assert.Equal("epochs: 5\nlr: 0.1\nexperiment: \"demo\"", string.Join('\n', File.ReadAllLines(Path.Combine(first.Output, "params.yaml")).Where(l => !l.StartsWith('#'))));
        Assert.Equal(File.ReadAllBytes(TrainTracked), File.ReadAllBytes(Path.Combine(first.Output, "notebook/train-tracked.ipynb")));
    }

    [Fact]
    public void Export_ANotebookThatTrains_WritesItsDefinition_AndTheSameBytesTwice()
    {
        var notebook = Repo.Path("notebooks/examples/train-registered.ipynb");
        var first = NotebookExporter.Export(new ExportRequest(notebook, _dir.File("a"), Model: "breast-cancer-mlp"));
        var second = NotebookExporter.Export(new ExportRequest(notebook, _dir.File("b"), Model: "breast-cancer-mlp"));

        Assert.Contains("definitions/cell-4.cs", first.Files);
        Assert.Equal(first.Files, second.Files);
        foreach (var f in first.Files)
            Assert.True(File.ReadAllBytes(Path.Combine(first.Output, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second.Output, f))), $"{f} differs between two exports");
        Assert.StartsWith("\nusing static TorchSharp.torch.nn;\n", File.ReadAllText(Path.Combine(first.Output, "definitions/cell-4.cs")));
        Assert.Contains("<None Include=\"definitions/**\" CopyToOutputDirectory=\"PreserveNewest\" />", File.ReadAllText(Path.Combine(first.Output, "TrainRegistered.csproj")));
        Assert.Contains("definitions/cell-4.cs", File.ReadAllText(Path.Combine(first.Output, "README.md")));
        // The job runs `mlnb train`: its image carries the CLI (and so ASP.NET Core's runtime); a job without #!train does not.
        var dockerfile = File.ReadAllText(Path.Combine(first.Output, "Dockerfile.train"));
        Assert.Contains("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0.0-bookworm-slim\n", dockerfile);
        Assert.Contains("COPY mlnb-app/ /opt/mlnb/\nENV MLNB_CLI=/opt/mlnb/mlnb.dll\n", dockerfile);
        var plain = File.ReadAllText(Path.Combine(NotebookExporter.Export(new ExportRequest(TrainTracked, _dir.File("c"))).Output, "Dockerfile.train"));
        Assert.DoesNotContain("mlnb-app", plain);
        Assert.Contains("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0.0-bookworm-slim\n", plain);
    }

    [Fact]
    public void Export_RefusesAFolderWithOtherFiles_WritesNothing_AndForceWritesBesideThem()
    {
        var output = _dir.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");

        var e = Assert.Throws<MlnbException>(() => NotebookExporter.Export(new ExportRequest(TrainTracked, output)));
        Assert.Contains("holds 1 file(s) an export did not write (notes.txt); choose an empty --out folder, or pass --force", e.Message);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));

        var forced = NotebookExporter.Export(new ExportRequest(TrainTracked, output, Force: true));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(forced.Output, "Program.cs")));
    }

    [Fact]
    public void Export_AgainIntoItsOwnFolder_ReplacesItsFiles_EvenAfterABuild()
    {
        var output = _dir.File("out");
        NotebookExporter.Export(new ExportRequest(TrainTracked, output));
        Directory.CreateDirectory(Path.Combine(output, "bin", "Release"));
        File.WriteAllText(Path.Combine(output, "bin", "Release", "x.dll"), "");
        var again = NotebookExporter.Export(new ExportRequest(TrainTracked, output, Name: "tracked"));
        Assert.True(File.Exists(Path.Combine(output, "Tracked.csproj")));
        Assert.False(File.Exists(Path.Combine(output, "TrainTracked.csproj")));
        Assert.Contains("Tracked.csproj", again.Files);
    }

    [Fact]
    public void Export_OfARefusedNotebook_CreatesNoFolder()
    {
        var nb = Create(Code("var x = 1;", "exploration")).Save(_dir, "bad.ipynb");
        var e = Assert.Throws<MlnbException>(() => NotebookExporter.Export(new ExportRequest(nb, _dir.File("never"))));
        Assert.Contains("unknown tag 'exploration'", e.Message);
        Assert.False(Directory.Exists(_dir.File("never")));
    }

    [Fact]
    public void Manifests_ParseAsTypedKubernetesObjects_WithProbesLimitsAndSecurity()
    {
        var cuda = Create(Code("int epochs = 2;", "parameters"), Code("#!track start --experiment gpu\nvar device = new Device(\"cuda\");\n#!registry register --name churn\n#!track end"))
            .Save(_dir, "gpu-train.ipynb");
        var r = NotebookExporter.Export(new ExportRequest(cuda, _dir.File("gpu")));
        T Load<T>(string file) => Assert.IsType<T>(Assert.Single(KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(r.Output, "k8s", file)))));

        var job = Load<V1Job>("train-job.yaml");
        Assert.Equal("gpu-train-train", job.Metadata.Name);
        Assert.Equal(2, job.Spec.BackoffLimit);
        Assert.True(job.Spec.ActiveDeadlineSeconds > 0);
        Assert.True(job.Spec.TtlSecondsAfterFinished > 0);
        Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
        var train = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal("1", train.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.NotNull(train.Resources.Requests["memory"]);
        Assert.True(job.Spec.Template.Spec.SecurityContext.RunAsNonRoot);

        foreach (var (file, alias, replicas) in new[] { ("serve-deployment.yaml", "production", 2), ("serve-canary.yaml", "candidate", 1) })
        {
            var d = Load<V1Deployment>(file);
            Assert.Equal(replicas, d.Spec.Replicas);
            var c = Assert.Single(d.Spec.Template.Spec.Containers);
            Assert.Equal($"models:/churn@{alias}", c.Args[0]);
            Assert.Equal("/v2/health/ready", c.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/v2/health/live", c.LivenessProbe.HttpGet.Path);
            Assert.NotNull(c.StartupProbe.HttpGet);
            Assert.True(d.Spec.Template.Spec.SecurityContext.RunAsNonRoot);
            Assert.False(c.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal(d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels);
        }
        var service = Load<V1Service>("serve-service.yaml");
        Assert.All(service.Spec.Selector, kv => Assert.Equal(kv.Value, Load<V1Deployment>("serve-canary.yaml").Spec.Template.Metadata.Labels[kv.Key]));
        var hpa = Load<V2HorizontalPodAutoscaler>("serve-hpa.yaml");
        Assert.Equal("autoscaling/v2", hpa.ApiVersion);
        Assert.Equal("gpu-train-serve", hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal(70, Assert.Single(hpa.Spec.Metrics).Resource.Target.AverageUtilization);

        var noGpu = NotebookExporter.Export(new ExportRequest(TrainTracked, _dir.File("cpu")));
        var cpuJob = Assert.IsType<V1Job>(Assert.Single(KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(noGpu.Output, "k8s/train-job.yaml")))));
        Assert.False(cpuJob.Spec.Template.Spec.Containers[0].Resources.Limits.ContainsKey("nvidia.com/gpu"));
    }

    [Fact]
    public void Dockerfiles_AreMultiStage_WithPinnedBaseArgs_ANonRootUser_AndAHealthcheck()
    {
        var r = NotebookExporter.Export(new ExportRequest(TrainTracked, _dir.File("out"), Model: "tracked-model"));
        foreach (var file in new[] { "Dockerfile.train", "Dockerfile.serve" })
        {
            var lines = File.ReadAllLines(Path.Combine(r.Output, file));
            var args = lines.Where(l => l.StartsWith("ARG ", StringComparison.Ordinal) && l.Contains("_IMAGE=", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, args.Count);
            Assert.All(args, a => Assert.Matches(@"=mcr\.microsoft\.com/dotnet/[a-z]+:10\.0\.\d+-bookworm-slim$", a));
            Assert.Equal(2, lines.Count(l => l.StartsWith("FROM ${", StringComparison.Ordinal)));
            Assert.Contains(lines, l => l.StartsWith("COPY --from=", StringComparison.Ordinal));
            Assert.Contains("USER 10001:10001", lines);
            Assert.Contains(lines, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        }
        Assert.Contains("CMD [\"models:/tracked-model@production\", \"--host\", \"0.0.0.0\", \"--port\", \"8080\"]", File.ReadAllText(Path.Combine(r.Output, "Dockerfile.serve")));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/TrainTracked.dll\"", File.ReadAllText(Path.Combine(r.Output, "Dockerfile.train")));
    }

    [Fact]
    public async Task Workflow_PassesActionlint_AndGatesOnTheHeadlessNotebookRun()
    {
        var r = NotebookExporter.Export(new ExportRequest(TrainTracked, _dir.File("out")));
        var workflow = Path.Combine(r.Output, ".github/workflows/ml.yml");
        var text = File.ReadAllText(workflow);
        Assert.Contains("mlnb notebook run notebook/train-tracked.ipynb", text);
        Assert.Contains("mlnb ci report --run", text);
        Assert.Contains("MODEL: train-tracked", text);

        Assert.Equal("[]", (await Actionlint.LintAsync(workflow)).Trim());
        // The linter is live: a broken copy is reported.
        var broken = _dir.File("broken.yml");
        File.WriteAllText(broken, text.Replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    bogus-key: 1"));
        Assert.Contains("bogus-key", await Actionlint.LintAsync(broken));
    }

    [Fact]
    public void CoreFeed_DeclaresCoresOwnPackagesAtTheRepositorysVersions()
    {
        var core = System.Xml.Linq.XDocument.Load(Repo.Path("src/MlNotebooks.Core/MlNotebooks.Core.csproj"));
        var versions = System.Xml.Linq.XDocument.Load(Repo.Path("Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        var expected = core.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).Order(StringComparer.Ordinal).Select(id => (id, versions[id]));
        Assert.Equal(expected, JobFeed.CoreDependencies.OrderBy(d => d.Id, StringComparer.Ordinal));
    }
}
