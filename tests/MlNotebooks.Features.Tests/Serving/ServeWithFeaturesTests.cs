using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MlNotebooks.Features.Serving;
using MlNotebooks.Features.Tests.Online;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Runtime;

namespace MlNotebooks.Features.Tests.Serving;

/// <summary>
/// A model trained on a point-in-time training set, registered with a serving.json naming its feature service, served
/// on a real 127.0.0.1 server: a request sends entity keys (and the request-time column) only, the server looks the
/// features up in the online store, and the answer equals the model run in this process on the looked-up values.
/// </summary>
public sealed class ServeWithFeaturesTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime
{
    private readonly Scratch _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<ModelServer> _servers = [];
    private Workspace _ws = null!;

    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync() => _ws = await Workspace.OpenAsync(new WorkspaceOptions
    {
        TrackingUri = "sqlite:///" + Path.Combine(_dir.Dir, "mlnb.db"), ContentRoot = Path.Combine(_dir.Dir, "cache"), StartDirectory = _dir.Dir, Environment = _ => null,
    });

    public async Task DisposeAsync()
    {
        foreach (var s in _servers) await s.DisposeAsync();
        await _ws.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    /// <summary>features.yaml over hourly driver stats (drivers 1-20; 21 and 22 never appear), ttl 0.</summary>
    private string WriteRepo(string online)
    {
        var rnd = new Random(7);
        var stats = new StringBuilder("driver_id,event_timestamp,conv_rate,trips\n");
        for (var h = 0; h < 8; h++)
            for (var d = 1; d <= 20; d++)
                stats.Append(CultureInfo.InvariantCulture, $"{d},{Start.AddHours(h):yyyy-MM-dd HH:mm:ss},{rnd.NextDouble():F4},{rnd.Next(0, 100)}\n");
        _dir.Parquet("stats.parquet", stats.ToString());
        var repo = Path.Combine(_dir.Dir, "repo-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(repo);
        File.WriteAllText(Path.Combine(repo, "features.yaml"), $"""
            project: drivers
            entities:
              - {"{"}name: driver, join_keys: [driver_id]{"}"}
            sources:
              - {"{"}name: stats_source, path: {Path.Combine(_dir.Dir, "stats.parquet")}, timestamp_field: event_timestamp{"}"}
            feature_views:
              - name: driver_stats
                entities: [driver]
                ttl: 0
                source: stats_source
                schema:
                  - {"{"}name: conv_rate, dtype: Float64{"}"}
                  - {"{"}name: trips, dtype: Int64{"}"}
            feature_services:
              - {"{"}name: model_v1, features: [driver_stats:conv_rate, driver_stats:trips]{"}"}
            {online}
            """);
        return repo;
    }

    /// <summary>Builds the training set, trains, logs model + signature + serving.json, registers, materializes.</summary>
    private async Task<(string Onnx, FeatureStore Store)> TrainAndRegisterAsync(string repo, string name, string servingJson, bool unnamed = false)
    {
        var rnd = new Random(11);
        var entities = new StringBuilder("driver_id,event_timestamp,distance\n");
        for (var i = 0; i < 300; i++)
            entities.Append(CultureInfo.InvariantCulture, $"{rnd.Next(1, 23)},{Start.AddMinutes(rnd.Next(30, 8 * 60)):yyyy-MM-dd HH:mm:ss},{rnd.NextDouble() * 10:F3}\n");
        var store = FeatureStore.Open(repo, new FeatureStoreOptions { Workspace = _ws });
        using var job = store.GetHistoricalFeatures(_dir.Csv($"entities-{name}.csv", entities.ToString()), ["model_v1"]);
        var training = job.ToDataFrame();
        var label = new Microsoft.Data.Analysis.SingleDataFrameColumn("label", training.Rows.Count);
        for (long r = 0; r < training.Rows.Count; r++)
        {
            var conv = FeatureModel.ToFloat(training["conv_rate"][r]);
            var trips = FeatureModel.ToFloat(training["trips"][r]);
            label[r] = 3 * (float.IsNaN(conv) ? 0.5f : conv) + 0.05f * (float.IsNaN(trips) ? 50 : trips) + 0.5f * FeatureModel.ToFloat(training["distance"][r]);
        }
        training.Columns.Add(label);
        var onnx = Path.Combine(_dir.Dir, name, "model.onnx");
        FeatureModel.Train(training, onnx, unnamed ? ["conv_rate", "trips"] : null);

        var run = await _ws.Tracking.CreateRunAsync("features-serving");
        await _ws.Tracking.LogArtifactAsync(run.RunId, onnx, "model");
        await _ws.Tracking.LogArtifactBytesAsync(run.RunId, "model/signature.json", Encoding.UTF8.GetBytes(unnamed ? FeatureModel.UnnamedSignatureJson() : FeatureModel.SignatureJson()));
        await _ws.Tracking.LogArtifactBytesAsync(run.RunId, "model/serving.json", Encoding.UTF8.GetBytes(servingJson));
        await _ws.Tracking.EndRunAsync(run.RunId);
        var version = await _ws.Registry.RegisterAsync(run.RunId, "model", name, new OnnxSignatureReader());
        Assert.NotNull(version.Package.File("serving.json"));

        store.Apply();
        store.Materialize(Start.AddDays(-1), Start.AddDays(1));
        return (onnx, store);
    }

    private async Task<ModelServer> ServeAsync(string uri, string? repoOverride = null)
    {
        var server = await ModelServer.StartAsync(_ws, new ModelServerOptions
        {
            Models = [uri], Port = 0, FeatureLookups = new OnlineFeatureLookups(_ws, repoOverride), Log = _ => { },
        });
        _servers.Add(server);
        return server;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(Uri url, string json)
    {
        using var response = await _http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task EntityKeysOnly_AnswerEqualsTheModelOnTheLookedUpValues(string type)
    {
        var online = type == "redis" ? $"online_store: {{type: redis, connection_string: \"{redis.Address}\"}}" : "";
        var repo = WriteRepo(online);
        var (onnx, store) = await TrainAndRegisterAsync(repo, "eta-" + type, $$$"""{"feature_store": {"repo": "{{{repo}}}", "feature_service": "model_v1"}}""");
        using var _ = store;
        var server = await ServeAsync($"models:/eta-{type}/1");
        Assert.StartsWith("model_v1 (conv_rate, trips) by driver_id from " + type, server.ServedFeatures[$"eta-{type}"]);

        long[] drivers = [3, 17, 22]; // 22 is not in the online store: its features are null, imputed by the model
        double[] distance = [1.5, 7.25, 4.0];
        var looked = store.GetOnlineFeatures(["model_v1"], new Dictionary<string, IReadOnlyList<object?>> { ["driver_id"] = drivers.Cast<object?>().ToList() });
        Assert.Equal(["PRESENT", "PRESENT", "NOT_FOUND"], looked.Results[1].Statuses);
        var rows = drivers.Select((_, r) => new[] { FeatureModel.ToFloat(looked.Value("conv_rate", r)), FeatureModel.ToFloat(looked.Value("trips", r)), (float)distance[r] }).ToArray();
        var expected = FeatureModel.Predict(onnx, rows);
        Assert.True(float.IsFinite(expected[2]));

        var records = string.Join(",", drivers.Select((d, r) => $$"""{"driver_id": {{d}}, "distance": {{distance[r].ToString(CultureInfo.InvariantCulture)}}}"""));
        var (status, body) = await PostAsync(new Uri(server.BaseAddress, "invocations"), $$"""{"dataframe_records": [{{records}}]}""");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(expected, body.GetProperty("predictions").EnumerateArray().Select(p => p[0].GetSingle()).ToArray());

        var v2 = $$"""
            {"inputs": [{"name": "driver_id", "datatype": "INT64", "shape": [3], "data": [{{string.Join(",", drivers)}}]},
                        {"name": "distance", "datatype": "FP32", "shape": [3, 1], "data": [{{string.Join(",", distance.Select(d => d.ToString(CultureInfo.InvariantCulture)))}}]}]}
            """;
        (status, body) = await PostAsync(new Uri(server.BaseAddress, $"v2/models/eta-{type}/infer"), v2);
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(expected, body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(p => p.GetSingle()).ToArray());

        // A feature column sent with the request wins over the looked-up one.
        (status, body) = await PostAsync(new Uri(server.BaseAddress, "invocations"), """{"dataframe_split": {"columns": ["driver_id", "distance", "trips"], "data": [[3, 1.5, 99]]}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(FeatureModel.Predict(onnx, [[rows[0][0], 99f, 1.5f]])[0], body.GetProperty("predictions")[0][0].GetSingle());
    }

    [Fact]
    public async Task UnnamedInput_TakesTheLookedUpFeaturesInTheServiceOrder()
    {
        var repo = WriteRepo("");
        var (onnx, store) = await TrainAndRegisterAsync(repo, "unnamed", $$$"""{"feature_store": {"repo": "{{{repo}}}", "feature_service": "model_v1"}}""", unnamed: true);
        using var _ = store;
        var server = await ServeAsync("models:/unnamed/1");
        var looked = store.GetOnlineFeatures(["model_v1"], new Dictionary<string, IReadOnlyList<object?>> { ["driver_id"] = [5L, 9L] });
        var expected = FeatureModel.Predict(onnx, [.. Enumerable.Range(0, 2).Select(r => new[] { FeatureModel.ToFloat(looked.Value("conv_rate", r)), FeatureModel.ToFloat(looked.Value("trips", r)) })]);
        var (status, body) = await PostAsync(new Uri(server.BaseAddress, "invocations"), """{"dataframe_split": {"columns": ["driver_id"], "data": [[5], [9]]}}""");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(expected, body.GetProperty("predictions").EnumerateArray().Select(p => p[0].GetSingle()).ToArray());

        // A feature sent with the request wins here too, in its place.
        (status, body) = await PostAsync(new Uri(server.BaseAddress, "invocations"), """{"dataframe_split": {"columns": ["trips", "driver_id"], "data": [[99, 5]]}}""");
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        Assert.Equal(FeatureModel.Predict(onnx, [[FeatureModel.ToFloat(looked.Value("conv_rate", 0)), 99f]])[0], body.GetProperty("predictions")[0][0].GetSingle());
    }

    [Fact]
    public async Task BadRequestsAndConfigs_AnswerWithTheFieldAndTheFix()
    {
        var repo = WriteRepo("");
        var (_, store) = await TrainAndRegisterAsync(repo, "strict", $$$"""{"feature_store": {"repo": "{{{repo}}}", "feature_service": "model_v1", "on_missing": "error"}}""");
        using var _ = store;
        var server = await ServeAsync("models:/strict/1");

        var (status, body) = await PostAsync(new Uri(server.BaseAddress, "invocations"), """{"dataframe_records": [{"distance": 1.0}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("join key 'driver_id' is missing", body.GetProperty("detail").GetString());

        (status, body) = await PostAsync(new Uri(server.BaseAddress, "invocations"), """{"dataframe_records": [{"driver_id": 3, "distance": 1.0}, {"driver_id": 21, "distance": 1.0}]}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("entity driver_id=21 (row 1) has no values in feature view 'driver_stats'", body.GetProperty("detail").GetString());

        (status, body) = await PostAsync(new Uri(server.BaseAddress, "invocations"), """{"inputs": {"driver_id": [3]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("send dataframe_split or dataframe_records with the join keys, not inputs tensors", body.GetProperty("detail").GetString());

        (status, body) = await PostAsync(new Uri(server.BaseAddress, "v2/models/strict/infer"), """{"inputs": [{"name": "driver_id", "datatype": "INT64", "shape": [1, 2], "data": [3, 4]}]}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("input 'driver_id' has shape [1,2]", body.GetProperty("detail").GetString());

        // The model server without a feature store (mlnb-serve) refuses the model at load, saying where to serve it.
        var e = await Assert.ThrowsAsync<MlnbException>(() => ModelServer.StartAsync(_ws, new ModelServerOptions { Models = ["models:/strict/1"], Port = 0, Log = _ => { } }));
        Assert.Contains("serve it with `mlnb serve`", e.Message);

        // A repo that does not exist, and a feature the repo does not define.
        e = await Assert.ThrowsAsync<MlnbException>(() => ServeAsync("models:/strict/1", Path.Combine(_dir.Dir, "nowhere")));
        Assert.Contains("has no features.yaml; pass --feature-repo DIR", e.Message);
        File.WriteAllText(Path.Combine(repo, "features.yaml"), File.ReadAllText(Path.Combine(repo, "features.yaml")).Replace("name: model_v1", "name: model_v2"));
        e = await Assert.ThrowsAsync<MlnbException>(() => ServeAsync("models:/strict/1"));
        Assert.Contains("'strict' version 1 (serving.json): feature reference 'model_v1' is neither a feature view nor a feature service", e.Message);
    }

    [Fact]
    public async Task OnlineStoreDown_RefusesToStartNamingTheStore()
    {
        var repo = WriteRepo($"online_store: {{type: redis, connection_string: \"127.0.0.1:{RedisFixture.FreePort()}\"}}");
        var run = await _ws.Tracking.CreateRunAsync("down");
        FeatureModel.Train(TinyFrame(), Path.Combine(_dir.Dir, "down", "model.onnx"));
        await _ws.Tracking.LogArtifactAsync(run.RunId, Path.Combine(_dir.Dir, "down", "model.onnx"), "model");
        await _ws.Tracking.LogArtifactBytesAsync(run.RunId, "model/signature.json", Encoding.UTF8.GetBytes(FeatureModel.SignatureJson()));
        await _ws.Tracking.LogArtifactBytesAsync(run.RunId, "model/serving.json", Encoding.UTF8.GetBytes("""{"feature_store": {"features": ["driver_stats:conv_rate", "driver_stats:trips"]}}"""));
        await _ws.Registry.RegisterAsync(run.RunId, "model", "down", new OnnxSignatureReader());

        var e = await Assert.ThrowsAsync<MlnbException>(() => ServeAsync("models:/down/1"));
        Assert.Contains("names no feature repo; serve with --feature-repo DIR", e.Message);
        e = await Assert.ThrowsAsync<MlnbException>(() => ServeAsync("models:/down/1", repo));
        Assert.Equal(ErrorCode.StoreUnavailable, e.Code);
        Assert.Contains("redis", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"features": {}}""", "unknown key 'features'")]
    [InlineData("""{"feature_store": {"repo": "r"}}""", "give exactly one of 'feature_store.feature_service'")]
    [InlineData("""{"feature_store": {"feature_service": "s", "on_missing": "zero"}}""", "'feature_store.on_missing' is 'zero'")]
    [InlineData("""{"feature_store": {"features": [1]}}""", "must be a list of \"view:feature\" strings")]
    [InlineData("""{"feature_store": {"feature_service": "s", "ttl": 1}}""", "unknown key 'feature_store.ttl'")]
    [InlineData("{", "is not valid JSON")]
    public void ServingConfig_BadFiles_NameTheKey(string json, string message)
    {
        var e = Assert.Throws<MlnbException>(() => MlNotebooks.Serving.Features.ServingConfig.Parse(json, "serving.json"));
        Assert.Contains(message, e.Message);
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
    }

    private static Microsoft.Data.Analysis.DataFrame TinyFrame()
    {
        var frame = new Microsoft.Data.Analysis.DataFrame();
        foreach (var c in FeatureModel.Columns.Append("label"))
        {
            var col = new Microsoft.Data.Analysis.DoubleDataFrameColumn(c, 4);
            for (var r = 0; r < 4; r++) col[r] = r + c.Length;
            frame.Columns.Add(col);
        }
        return frame;
    }
}
