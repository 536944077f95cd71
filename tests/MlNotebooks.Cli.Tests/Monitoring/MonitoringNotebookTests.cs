using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Monitoring;

/// <summary>The curriculum's lesson 7.5 runs headless with `mlnb notebook run` (drift, then a retraining on drift), and its check cells hold.</summary>
public sealed class MonitoringNotebookTests
{
    private static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlNotebooks.sln"))) return d.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found");
    }

    [Fact]
    public async Task Lesson75_RunsAndFindsTheDriftItCreates()
    {
        using var dir = new TempDir();
        var root = Root();
        var r = await MlnbProcess.RunAsync(dir.Path, "notebook", "run", Path.Combine(root, "notebooks", "curriculum", "7.5-monitoring.ipynb"),
            "-o", dir.File("out.ipynb"), "-p", "data=" + Path.Combine(root, "data", "breast_cancer.csv"), "-q");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var text = string.Concat(JsonNode.Parse(await File.ReadAllTextAsync(dir.File("out.ipynb")))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? []).Select(o => o!["text"]?.ToJsonString() + o!["data"]?["text/plain"]?.ToJsonString()));
        Assert.Contains("dataset drift: no (0 of 10 columns drifted", text);
        Assert.Contains("dataset drift: YES (5 of 10 columns drifted", text);
        Assert.Contains("production: 5/10 drifted, dataset drift = True", text);
        Assert.Contains("no dataset drift (", text); // #!monitor watch on data of the training population
        Assert.Contains("promoted version 2 to @production (was 1); gates: metrics.val_accuracy = ", text);
        Assert.Contains("@production = version 2, trained by run ", text);
        Assert.DoesNotContain("output truncated", text);
    }
}
