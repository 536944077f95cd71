using k8s;
using k8s.Models;
using MlNotebooks.Notebooks.Export;
using MlNotebooks.Notebooks.Tests.Support;

namespace MlNotebooks.Notebooks.Tests.Export;

/// <summary>The skeletons under templates/ install with `dotnet new install` (into a temporary DOTNET_CLI_HOME) and what they make builds and runs.</summary>
public sealed class TemplatesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string> Env => new() { ["DOTNET_CLI_HOME"] = _dir.File("cli-home"), ["DOTNET_NOLOGO"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1" };

    private Task<string> DotnetNew(params string[] args) => Tools.RunAsync("dotnet", ["new", .. args], _dir.Path, Env);

    [Fact]
    public async Task Templates_Install_AndMakeAJobThatBuildsAndRuns_AServingAppAndAnExportableNotebook()
    {
        foreach (var t in new[] { "mlnb-train", "mlnb-serve", "mlnb-notebook" }) await DotnetNew("install", Repo.Path("templates/" + t));
        var list = await DotnetNew("list", "mlnb");
        Assert.Contains("mlnb-train", list);
        Assert.Contains("mlnb-serve", list);
        Assert.Contains("mlnb-notebook", list);

        var job = _dir.File("churn-job");
        await DotnetNew("mlnb-train", "-n", "ChurnJob", "-o", job, "--app", "churn", "--model", "churn-model", "--coreVersion", JobFeed.CoreVersion());
        Directory.CreateDirectory(Path.Combine(job, "feed"));
        var (feedName, feedBytes) = JobFeed.CorePackage();
        File.WriteAllBytes(Path.Combine(job, "feed", feedName), feedBytes);
        Assert.True(File.Exists(Path.Combine(job, "ChurnJob.csproj")));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/ChurnJob.dll\"", File.ReadAllText(Path.Combine(job, "Dockerfile.train")));
        await DotnetJob.BuildAsync(job, _dir.File("nuget-packages"));
        var uri = "sqlite:///" + _dir.File("mlnb.db");
        var output = await DotnetJob.RunAsync(job, "ChurnJob", _dir.Path, new() { ["MLNB_TRACKING_URI"] = uri }, "--epochs", "3");
        Assert.Contains("parameter epochs = 3", output);
        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri }))
        {
            var run = Assert.Single((await ws.Tracking.SearchRunsAsync(["churn"])).Items);
            Assert.Equal(3, (await ws.Tracking.GetMetricHistoryAsync(run.RunId, "loss")).Count);
        }

        var serve = _dir.File("churn-serve");
        await DotnetNew("mlnb-serve", "-o", serve, "--app", "churn", "--model", "churn-model");
        var deployment = Assert.IsType<V1Deployment>(Assert.Single(KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(serve, "k8s", "serve-deployment.yaml")))));
        Assert.Equal("churn-serve", deployment.Metadata.Name);
        Assert.Equal("models:/churn-model@production", deployment.Spec.Template.Spec.Containers[0].Args[0]);

        await DotnetNew("mlnb-notebook", "-n", "Churn", "-o", _dir.File("nb"), "--experiment", "churn");
        var plan = ExportPlanner.Plan(Documents.Notebook.Load(Path.Combine(_dir.File("nb"), "Churn.ipynb")));
        Assert.Equal(["prepare", "train", "evaluate"], plan.Steps.Select(s => s.Name));
        Assert.Contains("Track.Start(\"churn\", \"notebook\");", plan.Steps[1].Cells[0].Code);
    }
}
