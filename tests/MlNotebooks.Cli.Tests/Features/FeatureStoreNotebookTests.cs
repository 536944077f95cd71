using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Features;

/// <summary>The curriculum's project 2 (feature store) runs headless with `mlnb notebook run`, and its check cells hold.</summary>
public sealed class FeatureStoreNotebookTests
{
    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlNotebooks.sln"))) return d.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found");
    }

    [Fact]
    public async Task Project2_BuildsALeakFreeTrainingSet_ServesOnline_AndSeesSeasonalDrift()
    {
        using var dir = new TempDir();
        var root = Root();
        var r = await MlnbProcess.RunAsync(dir.Path, "notebook", "run", Path.Combine(root, "notebooks", "curriculum", "project-2-feature-store.ipynb"),
            "-o", dir.File("out.ipynb"), "-p", "data=" + Path.Combine(root, "data", "seattle-weather.csv"), "-q");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var text = string.Concat(JsonNode.Parse(await File.ReadAllTextAsync(dir.File("out.ipynb")))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!["text"]?.ToJsonString() + o!["data"]?["text/plain"]?.ToJsonString()));
        Assert.Contains("Registered feature view weekly (2 features, ttl 14d, weekly.csv, untracked)", text);
        Assert.Contains("Wrote 1447 rows x 4 features (daily__temp_max, daily__precipitation, daily__weather, weekly__temp_max_7d)", text);
        Assert.Contains("1447 rows checked: daily features are yesterday", text); // JSON-escaped text: stop before the apostrophe
        Assert.Contains("daily: 1 entities", text);
        Assert.Contains("2015-12-31T23:59:59Z", text);
        Assert.Contains("dataset drift: YES (3 of 3 columns drifted", text);
        Assert.Contains("Profiled daily at data version", text);
        Assert.Contains("Feature drift of daily: 2014-01-01..2014-04-01", text); // JSON-escaped text: stop before the arrow
        Assert.Contains("one profile of daily:", text);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "feature-store-p2")));
    }
}
