using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlNotebooks.Features.Server;

namespace MlNotebooks.Features.Tests.Server;

/// <summary>POST /get-online-features on a real 127.0.0.1 server, in the Feast feature server's request and response shape.</summary>
public sealed class FeatureServerApiTests : IAsyncLifetime
{
    private readonly Scratch _dir = new();
    private FeatureStore _store = null!;
    private FeatureServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _store = new FeatureStore(Repos.Drivers(_dir.Parquet("stats.parquet", Repos.Stats), _dir.Csv("profile.csv", Repos.Profile)), _dir.Dir,
            new FeatureStoreOptions { StateDirectory = Path.Combine(_dir.Dir, "state") });
        _store.Materialize(DateTimeOffset.UnixEpoch, new DateTimeOffset(2024, 1, 1, 12, 30, 0, TimeSpan.Zero));
        _server = await FeatureServer.StartAsync(_store, "127.0.0.1", 0);
        _http.BaseAddress = _server.Address;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _store.Dispose();
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task GetOnlineFeatures_AnswersFeastsShape()
    {
        var body = new { features = new[] { "driver_stats:conv_rate", "driver_profile:city" }, entities = new Dictionary<string, object[]> { ["driver_id"] = [1, 3] } };
        using var response = await _http.PostAsJsonAsync("get-online-features", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal(["driver_id", "conv_rate", "city"], root.GetProperty("metadata").GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()));
        var results = root.GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal("[1,3]", results[0].GetProperty("values").GetRawText());
        Assert.Equal("[0.3,null]", results[1].GetProperty("values").GetRawText());
        Assert.Equal("[\"PRESENT\",\"NOT_FOUND\"]", results[1].GetProperty("statuses").GetRawText());
        Assert.Equal("[\"2024-01-01T12:00:00Z\",\"1970-01-01T00:00:00Z\"]", results[1].GetProperty("event_timestamps").GetRawText());
        Assert.Equal("Paris", results[2].GetProperty("values")[0].GetString());
    }

    [Fact]
    public async Task FeatureService_AndFullFeatureNames_AreHonoured()
    {
        var body = """{"feature_service": "model_v1", "entities": {"driver_id": [2]}, "full_feature_names": true}""";
        using var response = await _http.PostAsync("get-online-features", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["driver_id", "driver_stats__conv_rate", "driver_profile__rating", "driver_profile__city"],
            doc.RootElement.GetProperty("metadata").GetProperty("feature_names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Nice", doc.RootElement.GetProperty("results")[3].GetProperty("values")[0].GetString());
    }

    [Theory]
    [InlineData("""{"features": ["nope:x"], "entities": {"driver_id": [1]}}""", 404, "feature view 'nope' is not defined")]
    [InlineData("""{"features": ["driver_stats:trips"]}""", 400, "'entities' is missing")]
    [InlineData("""{"features": ["driver_stats:trips"], "entities": {"driver": [1]}}""", 400, "join key 'driver_id' of feature view 'driver_stats' is missing")]
    [InlineData("""{"features": """, 400, "not valid JSON")]
    public async Task BadRequests_AreProblemDetailsNamingTheField(string body, int status, string detail)
    {
        using var response = await _http.PostAsync("get-online-features", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(detail, doc.RootElement.GetProperty("detail").GetString());
    }
}
