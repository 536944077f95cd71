using System.Text.Json.Nodes;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests;

[Collection(ServingCollection.Name)]
public sealed class ServingQuickstartTests(TrainedModels models)
{
    [Fact]
    public async Task RegisterPromoteServeQuery_FromARunsOnnxArtifact_AnswersOverV2()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        var run = await w.Ws.Tracking.CreateRunAsync("quickstart");
        await w.Ws.Tracking.LogArtifactAsync(run.RunId, models.Good, "model");
        await w.Ws.Tracking.EndRunAsync(run.RunId);
        var r = await ServingQuickstart.RegisterPromoteServeQueryAsync(w.Ws, run.RunId, "model/model.onnx", "breast-cancer", w.Rows(2));
        Assert.Equal(1, r.Version.Version);
        Assert.Equal(1, (await w.Registry.ResolveAsync("models:/breast-cancer@production")).Version);
        Assert.Equal("127.0.0.1", r.ServerUrl.Host);
        var answer = JsonNode.Parse(r.ResponseJson)!;
        Assert.Equal(("breast-cancer", "1"), (answer["model_name"]!.GetValue<string>(), answer["model_version"]!.GetValue<string>()));
        // Without a signature file the signature was read from the ONNX file: every graph output is returned.
        Assert.Equal(["Features.output", "PredictedLabel.output", "Score.output", "Probability.output"], answer["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal("[2,1]", answer["outputs"]![1]!["shape"]!.ToJsonString());
    }
}
