using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Serving.Tests.Support;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Cli.Tests.Export;

/// <summary>`mlnb ci report` against a recording GitHub stand-in on 127.0.0.1: routes and bodies as GitHub documents them.</summary>
public sealed class CiReportCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Uri => "sqlite:///" + _dir.File("mlnb.db");

    private async Task<string> SeedAsync()
    {
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = Uri, ContentRoot = _dir.File("content") });
        var csv = Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");
        async Task<string> RunAsync(double lr, double accuracy, bool withData)
        {
            var onnx = _dir.File($"m{lr}/model.onnx");
            BreastCancerOnnx.Train(csv, onnx, iterations: 5);
            var run = await ws.Tracking.StartRunAsync("ci");
            run.LogParam("lr", lr);
            run.LogMetric("accuracy", accuracy);
            if (withData) await run.LogInputAsync(new DatasetInput("breast_cancer.csv", "d41d8cd98f00b204e9800998ecf8427e", "local", "data/breast_cancer.csv"));
            await run.LogArtifactAsync(onnx, "model");
            await run.EndAsync();
            await ws.Registry.RegisterAsync(run.RunId, "model", "cancer", new MlNotebooks.Serving.Runtime.OnnxSignatureReader());
            return run.RunId;
        }
        await RunAsync(0.1, 0.90, withData: false);
        await ws.Registry.PromoteAsync("cancer", 1, "production", "baseline");
        await ws.Registry.SetGatesAsync("cancer", "production", ["metrics.accuracy >= @production - 0.01", "metrics.accuracy >= 0.95"]);
        return await RunAsync(0.05, 0.93, withData: true);
    }

    private Task<MlnbProcess.Result> Report(GitHubRecorder gh, string runId, params string[] more) =>
        MlnbProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["MLNB_TRACKING_URI"] = Uri, ["MLNB_CONTENT_ROOT"] = _dir.File("content"), ["GITHUB_TOKEN"] = "t0ken", ["GITHUB_API_URL"] = gh.BaseUrl },
            ["ci", "report", "--run", runId, "--against", "models:/cancer@production", .. more]);

    [Fact]
    public async Task Report_CommentsOnce_UpdatesThatCommentInPlace_AndSetsACommitStatus()
    {
        var runId = await SeedAsync();
        await using var gh = await GitHubRecorder.StartAsync();
        const string sha = "0123456789abcdef0123456789abcdef01234567";

        var first = await Report(gh, runId, "--repo", "acme/churn", "--pr", "7", "--sha", sha);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var second = await Report(gh, runId, "--repo", "acme/churn", "--pr", "7", "--sha", sha);
        Assert.True(second.ExitCode == 0, second.Stderr);

        Assert.Equal(
            [("GET", "/repos/acme/churn/issues/7/comments"), ("POST", "/repos/acme/churn/issues/7/comments"), ("POST", $"/repos/acme/churn/statuses/{sha}"),
             ("GET", "/repos/acme/churn/issues/7/comments"), ("PATCH", "/repos/acme/churn/issues/comments/1000"), ("POST", $"/repos/acme/churn/statuses/{sha}")],
            gh.Calls.Select(c => (c.Method, c.Path)));
        Assert.All(gh.Calls, c => Assert.Contains("t0ken", c.Authorization));
        var posted = gh.Calls[1].Body!["body"]!.GetValue<string>();
        Assert.StartsWith("<!-- mlnb-ci-report -->", posted);
        Assert.Contains($"run `{runId}` FINISHED in experiment `ci` — failed", posted);
        Assert.Contains("| lr | 0.05 | 0.1 |", posted);
        Assert.Contains("| accuracy | 0.93 | 0.9 | +0.03 |", posted);
        Assert.Contains("| metrics.accuracy >= @production - 0.01 | ✅ pass |", posted);
        Assert.Contains("| metrics.accuracy >= 0.95 | ❌ fail |", posted);
        Assert.Contains("| breast_cancer.csv | `d41d8cd98f00b204e9800998ecf8427e` | data/breast_cancer.csv |", posted);
        Assert.Equal(posted, gh.Calls[4].Body!["body"]!.GetValue<string>());
        var status = gh.Calls[2].Body!;
        Assert.Equal("failure", status["state"]!.GetValue<string>());
        Assert.Equal("mlnb/report", status["context"]!.GetValue<string>());
        Assert.Equal("gates failed: metrics.accuracy >= 0.95", status["description"]!.GetValue<string>());
        Assert.Contains("updated comment 1000 on acme/churn#7", second.Stdout);
    }

    [Fact]
    public async Task Report_DryRunPrints_AndBadInputsSayWhatToFix()
    {
        var runId = await SeedAsync();
        await using var gh = await GitHubRecorder.StartAsync();
        var dry = await Report(gh, runId, "--repo", "acme/churn", "--pr", "7", "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("| accuracy | 0.93 | 0.9 | +0.03 |", dry.Stdout);
        Assert.Contains("status mlnb/report: failure — gates failed: metrics.accuracy >= 0.95", dry.Stdout);
        Assert.Empty(gh.Calls);

        var noToken = await MlnbProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["MLNB_TRACKING_URI"] = Uri, ["GITHUB_TOKEN"] = null },
            "ci", "report", "--run", runId, "--repo", "acme/churn", "--pr", "7");
        Assert.NotEqual(0, noToken.ExitCode);
        Assert.Contains("GITHUB_TOKEN is not set", noToken.Stderr);
        var badRepo = await Report(gh, runId, "--repo", "churn", "--pr", "7");
        Assert.Contains("--repo 'churn' is not OWNER/NAME", badRepo.Stderr);
        var noRun = await Report(gh, "0000", "--dry-run");
        Assert.NotEqual(0, noRun.ExitCode);
        Assert.Empty(gh.Calls);
    }
}
