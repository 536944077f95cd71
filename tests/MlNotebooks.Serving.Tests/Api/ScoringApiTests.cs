using System.Text.Json.Nodes;
using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Api;

[Collection(ServingCollection.Name)]
public sealed class ScoringApiTests(TrainedModels models) : IAsyncLifetime
{
    private ServingWorld _w = null!;
    private MlNotebooks.Serving.Hosting.ModelServer _server = null!;

    public async Task InitializeAsync()
    {
        _w = await ServingWorld.CreateAsync(models);
        await _w.RegisterAsync(models.Good);
        _server = await _w.ServeAsync("models:/cancer/1");
    }

    public async Task DisposeAsync() => await _w.DisposeAsync();

    private Uri Invocations => new(_server.BaseAddress, "invocations");

    private static string Num(float v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private bool[] Expected(int n) => [.. BreastCancerOnnx.Load(models.Csv).Y.Take(n)];

    private static bool[] Labels(JsonNode body) =>
        [.. body["predictions"]!["PredictedLabel.output"]!.AsArray().Select(r => r!.AsArray()[0]!.GetValue<bool>())];

    [Fact]
    public async Task Invocations_AcceptsEveryMlflowJsonFormatAndCsv_WithTheSamePredictions()
    {
        var rows = _w.Rows(4);
        var names = BreastCancerOnnx.FeatureNames;
        JsonArray Row(float[] r) => new([.. r.Select(v => (JsonNode)JsonValue.Create(v))]);
        var split = new JsonObject { ["dataframe_split"] = new JsonObject { ["columns"] = new JsonArray([.. names.Select(n => (JsonNode)n)]), ["data"] = new JsonArray([.. rows.Select(r => (JsonNode)Row(r))]) } };
        // Records with their columns shuffled: matched by name.
        var records = new JsonObject { ["dataframe_records"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject(names.Select((n, i) => (n, i)).Reverse().Select(p => KeyValuePair.Create(p.n, (JsonNode?)JsonValue.Create(r[p.i])))))]) };
        var instances = new JsonObject { ["instances"] = new JsonArray([.. rows.Select(r => (JsonNode)Row(r))]) };
        var inputs = new JsonObject { ["inputs"] = new JsonObject { ["Features"] = new JsonArray([.. rows.Select(r => (JsonNode)Row(r))]) } };
        var csv = string.Join(",", names) + "\n" + string.Join("\n", rows.Select(r => string.Join(",", r.Select(Num)))) + "\n";
        foreach (var (body, type) in new[] { (split.ToJsonString(), "application/json"), (records.ToJsonString(), "application/json"), (instances.ToJsonString(), "application/json; charset=utf-8"), (inputs.ToJsonString(), "application/json"), (csv, "text/csv") })
        {
            var (status, answer, _) = await _w.PostAsync(Invocations, body, type);
            Assert.True(status == 200, $"{type} {body[..30]}: {status} {answer}");
            Assert.Equal(Expected(4), Labels(answer!));
            Assert.Equal(4, answer!["predictions"]!["Probability.output"]!.AsArray().Count);
        }
    }

    [Fact]
    public async Task Invocations_MissingColumn_Is400NamingIt()
    {
        var names = BreastCancerOnnx.FeatureNames.Where(n => n != "worst_area").ToList();
        var body = new JsonObject { ["dataframe_split"] = new JsonObject { ["columns"] = new JsonArray([.. names.Select(n => (JsonNode)n)]), ["data"] = new JsonArray(new JsonArray([.. names.Select(_ => (JsonNode)1.5)])) } };
        var (status, answer, _) = await _w.PostAsync(Invocations, body.ToJsonString());
        Assert.Equal(400, status);
        Assert.Contains("column 'worst_area' is missing", answer!["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"dataframe_split\": {\"columns\": [\"a\"]}}", "application/json", 400, "dataframe_split must be")]
    [InlineData("{\"foo\": 1}", "application/json", 400, "the request has none of dataframe_split")]
    [InlineData("{\"instances\": [[1,2]], \"inputs\": [[1]]}", "application/json", 400, "send exactly one of them")]
    [InlineData("{\"instances\": [[1,2,3]]}", "application/json", 400, "input 'Features' has shape [1,3]")]
    [InlineData("mean_radius\n1.0\n", "text/csv", 400, "column 'mean_texture' is missing")]
    [InlineData("{not json", "application/json", 400, "not valid JSON")]
    [InlineData("a=1", "application/x-www-form-urlencoded", 415, "application/json or text/csv")]
    public async Task Invocations_BadInput_IsA4xxNamingTheProblem(string body, string type, int expectedStatus, string expected)
    {
        var (status, answer, _) = await _w.PostAsync(Invocations, body, type);
        Assert.Equal(expectedStatus, status);
        Assert.Contains(expected, answer!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task PingAndHealth_Answer200()
    {
        using var ping = await _w.Http.GetAsync(new Uri(_server.BaseAddress, "ping"));
        using var health = await _w.Http.GetAsync(new Uri(_server.BaseAddress, "health"));
        Assert.Equal((200, 200), ((int)ping.StatusCode, (int)health.StatusCode));
    }
}
