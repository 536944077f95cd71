using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Server;

/// <summary>Lesson 7.2 runs headless with `mlnb notebook run` against a tracking server the test starts; its check cell must pass.</summary>
public sealed class TrackingServerLessonTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Lesson72_LogsSearchesAndComparesThroughTheServer_AndItsCheckPasses()
    {
        var lesson = Path.Combine(RepoRoot(), "notebooks", "curriculum", "7.2-tracking-server.ipynb");
        var store = "sqlite:///" + _dir.File("server.db");
        await using var server = await ServerProcess.StartAsync(_dir.Path, store);
        var env = new Dictionary<string, string?> { ["MLNB_CONTENT_ROOT"] = _dir.File("client-cache") };

        var r = await MlnbProcess.RunAsync(_dir.Path, env, "notebook", "run", lesson, "-o", _dir.File("out.ipynb"), "-p", $"serverUrl={server.Url.ToString().TrimEnd('/')}", "-q");

        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var outputs = ((JsonArray)JsonNode.Parse(await File.ReadAllTextAsync(_dir.File("out.ipynb")))!["cells"]!)
            .Select(c => string.Join("", (c!["outputs"] as JsonArray ?? []).Select(o => o!["text"] switch
            {
                JsonArray lines => string.Join("", lines.Select(t => (string?)t)),
                JsonValue text => (string?)text,
                _ => "",
            })))
            .ToList();
        Assert.Contains(outputs, o => o.Contains("check passed: 4 runs, 800 loss points", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"", StringComparison.Ordinal));
        // The runs are in the server's store, not in a local one.
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = store, ContentRoot = _dir.File("cache"), Environment = _ => null });
        Assert.Equal(4, (await ws.Tracking.SearchRunsAsync(["lesson-7-2"])).Items.Count);
    }

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MlNotebooks.sln"))) return d.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
