using System.Text.Json.Nodes;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Api;

[Collection(ServingCollection.Name)]
public sealed class InferenceApiTests(TrainedModels models) : IAsyncLifetime
{
    private ServingWorld _w = null!;
    private MlNotebooks.Serving.Hosting.ModelServer _server = null!;

    public async Task InitializeAsync()
    {
        _w = await ServingWorld.CreateAsync(models);
        await _w.RegisterAsync(models.Good);
        await _w.Registry.PromoteAsync("cancer", 1, "production");
        _server = await _w.ServeAsync("models:/cancer@production");
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    private Uri Url(string path) => new(_server.BaseAddress, path);

    [Fact]
    public async Task HealthAndMetadata_AnswerWithTheProtocolFields()
    {
        Assert.True((await _w.GetAsync(Url("v2/health/live"))).Body!["live"]!.GetValue<bool>());
        Assert.True((await _w.GetAsync(Url("v2/health/ready"))).Body!["ready"]!.GetValue<bool>());
        Assert.Equal("mlnb", (await _w.GetAsync(Url("v2"))).Body!["name"]!.GetValue<string>());
        var (status, meta) = await _w.GetAsync(Url("v2/models/cancer"));
        Assert.Equal(200, status);
        Assert.Equal("cancer", meta!["name"]!.GetValue<string>());
        Assert.Equal(["1"], meta["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("onnxruntime_onnx", meta["platform"]!.GetValue<string>());
        var input = meta["inputs"]![0]!;
        Assert.Equal(("Features", "FP32", "[-1,30]"), (input["name"]!.GetValue<string>(), input["datatype"]!.GetValue<string>(), input["shape"]!.ToJsonString()));
        Assert.Equal(["PredictedLabel.output", "Probability.output"], meta["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        var ready = (await _w.GetAsync(Url("v2/models/cancer/versions/1/ready"))).Body!;
        Assert.Equal(("cancer", true), (ready["name"]!.GetValue<string>(), ready["ready"]!.GetValue<bool>()));
        Assert.Equal(200, (await _w.GetAsync(Url("v2/models/cancer/ready"))).Status);
        Assert.Equal(200, (await _w.GetAsync(Url("v2/models/cancer/versions/1"))).Status);
    }

    [Fact]
    public async Task UnknownModelOrVersion_Is404WithAnErrorMessage()
    {
        var (status, body) = await _w.GetAsync(Url("v2/models/nope"));
        Assert.Equal(404, status);
        Assert.Contains("model 'nope' is not served here", body!["error"]!.GetValue<string>());
        Assert.Equal(404, (await _w.GetAsync(Url("v2/models/cancer/versions/9"))).Status);
        Assert.Equal(404, (await _w.GetAsync(Url("v2/models/cancer/versions/x/ready"))).Status);
        var infer = await _w.PostAsync(Url("v2/models/cancer/versions/9/infer"), ServingWorld.V2Body(_w.Rows(1)).ToJsonString());
        Assert.Equal(404, infer.Status);
        Assert.Contains("version 9 is not loaded", infer.Body!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Infer_ReturnsEachOutputWithNameShapeDatatypeAndFlatData()
    {
        var rows = _w.Rows(3);
        var labels = BreastCancerOnnx.Load(models.Csv).Y.Take(3).ToArray();
        var (status, body, _) = await _w.PostAsync(Url("v2/models/cancer/infer"), ServingWorld.V2Body(rows, id: "req-7").ToJsonString());
        Assert.Equal(200, status);
        Assert.Equal(("cancer", "1", "req-7"), (body!["model_name"]!.GetValue<string>(), body["model_version"]!.GetValue<string>(), body["id"]!.GetValue<string>()));
        var outputs = body["outputs"]!.AsArray();
        var label = outputs.Single(o => o!["name"]!.GetValue<string>() == "PredictedLabel.output")!;
        Assert.Equal(("BOOL", "[3,1]"), (label["datatype"]!.GetValue<string>(), label["shape"]!.ToJsonString()));
        Assert.Equal(labels, label["data"]!.AsArray().Select(d => d!.GetValue<bool>()));
        var p = outputs.Single(o => o!["name"]!.GetValue<string>() == "Probability.output")!;
        Assert.Equal("FP32", p["datatype"]!.GetValue<string>());
        Assert.All(p["data"]!.AsArray(), d => Assert.InRange(d!.GetValue<double>(), 0, 1));
    }

    [Fact]
    public async Task Infer_RequestedOutputs_AndNestedData_AreAccepted()
    {
        var rows = _w.Rows(2);
        var body = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "Features", ["shape"] = new JsonArray(2, 30), ["datatype"] = "FP32", ["parameters"] = new JsonObject(),
                ["data"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(v => (JsonNode)JsonValue.Create(v))]))]),
            }),
            ["outputs"] = new JsonArray(new JsonObject { ["name"] = "Probability.output" }),
        };
        var (status, answer, _) = await _w.PostAsync(Url("v2/models/cancer/versions/1/infer"), body.ToJsonString());
        Assert.Equal(200, status);
        Assert.Equal("Probability.output", Assert.Single(answer!["outputs"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"Features","shape":[1,29],"datatype":"FP32","data":[1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9]}]}""", "input 'Features' has shape [1,29]; model 'cancer' takes [-1,30]")]
    [InlineData("""{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP64","data":[1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,0]}]}""", "input 'Features' has datatype FP64; model 'cancer' takes FP32")]
    [InlineData("""{"inputs":[{"name":"Features","shape":[2,30],"datatype":"FP32","data":[1,2,3]}]}""", "input 'Features' has 3 values but shape [2,30] needs 60")]
    [InlineData("""{"inputs":[{"name":"X","shape":[1],"datatype":"FP32","data":[1]}]}""", "input 'X' is not an input of model 'cancer'")]
    [InlineData("""{"inputs":[]}""", "input 'Features' is missing")]
    [InlineData("""{"inputs":[{"name":"Features","shape":[1,1],"datatype":"FP32","data":["a"]}]}""", "input 'Features' value #0 (\"a\") is not a FP32 value")]
    [InlineData("""{"inputs":[{"name":"Features","datatype":"FP32","data":[1]}]}""", "input 'Features' has no \"shape\" array")]
    [InlineData("""{"instances":[1]}""", "the request has no \"inputs\" array")]
    [InlineData("""{"inputs":[{"name":"Features","shape":[1,30],"datatype":"FP32","data":[1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,0]}],"outputs":[{"name":"Nope"}]}""", "output 'Nope' is not an output of model 'cancer'")]
    [InlineData("""{"inputs": [""", "the request body is not valid JSON")]
    public async Task Infer_BadInput_Is400NamingTheField(string body, string expected)
    {
        var (status, answer, _) = await _w.PostAsync(Url("v2/models/cancer/infer"), body);
        Assert.Equal(400, status);
        Assert.Contains(expected, answer!["error"]!.GetValue<string>());
        Assert.Equal(answer["error"]!.GetValue<string>(), answer["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Infer_WrongContentType_Is415()
    {
        var (status, answer, _) = await _w.PostAsync(Url("v2/models/cancer/infer"), ServingWorld.V2Body(_w.Rows(1)).ToJsonString(), "text/plain");
        Assert.Equal(415, status);
        Assert.Contains("send application/json", answer!["error"]!.GetValue<string>());
    }
}
