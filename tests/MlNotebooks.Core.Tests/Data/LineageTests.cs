using MlNotebooks.Lineage;

namespace MlNotebooks.Tests.Data;

public sealed class LineageTests
{
    [Fact]
    public async Task ARunsLineage_LeadsFromTheDataVersionsItRead_ThroughTheRun_ToWhatProvidersAdd()
    {
        await using var p = await DataProject.CreateAsync(git: true);
        p.CopyTestFile("iris.csv", "data/iris.csv");
        await p.Data.AddAsync([p.PathOf("data/iris.csv")]);
        p.Git("add", "-A");
        p.Git("commit", "-qm", "iris v1");
        var run = await p.Workspace.Tracking.CreateRunAsync(runName: "train-1");
        await p.Data.LogInputsAsync(run.Info.RunId, [p.PathOf("data/iris.csv")], "training");
        var lineage = new LineageService(p.Workspace);
        lineage.AddProvider(new FakeRegistry(run.Info.RunId));

        var g = await lineage.GetAsync(run.Info.RunId);
        var viaModel = await lineage.GetAsync("models:/iris/1");

        var data = Assert.Single(g.Nodes, n => n.Kind == "data");
        Assert.Equal("data/iris.csv", data.Label);
        Assert.Equal("d69a16ea6136ccb02a7c37c66375ebba", data.Id);
        Assert.Equal("current version", data.Details["workspace"]);
        Assert.EndsWith("iris v1", data.Details["commit"]);
        Assert.Contains(new LineageEdge(data.Id, run.Info.RunId, "input"), g.Edges);
        Assert.Contains(new LineageEdge(run.Info.RunId, "models:/iris/1", "registered"), g.Edges);
        Assert.Equal(g.Edges, viaModel.Edges);
        Assert.Equal([run.Info.RunId], await lineage.RunsReadingAsync("d69a16ea6136ccb02a7c37c66375ebba"));
    }

    private sealed class FakeRegistry(string runId) : ILineageProvider
    {
        public Task<LineageGraph> DownstreamOfRunAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(new LineageGraph(
                [new LineageNode("model", "models:/iris/1", "iris v1", new Dictionary<string, string>())],
                id == runId ? [new LineageEdge(id, "models:/iris/1", "registered")] : []));

        public Task<string?> ResolveRunAsync(string reference, CancellationToken cancellationToken = default) =>
            Task.FromResult<string?>(reference == "models:/iris/1" ? runId : null);
    }
}
