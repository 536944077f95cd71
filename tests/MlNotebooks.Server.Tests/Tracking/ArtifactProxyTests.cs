using System.Net;
using System.Text;
using MlNotebooks.Server.Tests.Support;
using static MlNotebooks.Server.Tests.Support.MlflowSteps;

namespace MlNotebooks.Server.Tests.Tracking;

public sealed class ArtifactProxyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Proxy = "/api/2.0/mlflow-artifacts/artifacts";
    private MlflowHttp Http => server.Http;

    private async Task<HttpStatusCode> PutAsync(string path, string text)
    {
        using var response = await Http.Client.PutAsync($"{Proxy}/{path}", new ByteArrayContent(Encoding.UTF8.GetBytes(text)));
        return response.StatusCode;
    }

    [Fact]
    public async Task Put_ThenGet_RoundTripsTheBytes_AndRegistersTheArtifact()
    {
        var (exp, run) = await Http.NewRunAsync();
        Assert.Equal(HttpStatusCode.OK, await PutAsync($"{exp}/{run}/artifacts/model/weights.txt", "w=1"));
        Assert.Equal("w=1", await Http.Client.GetStringAsync($"{Proxy}/{exp}/{run}/artifacts/model/weights.txt"));
        var entry = Assert.Single(await server.Workspace.TrackingStore.ListArtifactsAsync(run, null));
        Assert.Equal(("model/weights.txt", 3L), (entry.Path, entry.Size));
        Assert.True(server.Workspace.Content.Contains(entry.Md5));
    }

    [Fact]
    public async Task Listing_ShowsOneLevel_ThroughTheProxyAndArtifactsList()
    {
        var (exp, run) = await Http.NewRunAsync();
        await PutAsync($"{exp}/{run}/artifacts/a.txt", "a");
        await PutAsync($"{exp}/{run}/artifacts/model/m.bin", "mm");
        await PutAsync($"{exp}/{run}/artifacts/model/sub/x.bin", "xxx");

        var root = (await Http.GetAsync(Proxy, ("path", $"{exp}/{run}/artifacts"))).Ok().Body!["files"]!.AsArray();
        Assert.Equal(["a.txt", "model"], root.Select(f => f!["path"]!.GetValue<string>()));
        Assert.True(root[1]!["is_dir"]!.GetValue<bool>());
        var model = (await Http.GetAsync(Proxy, ("path", $"{exp}/{run}/artifacts/model"))).Ok().Body!["files"]!.AsArray();
        Assert.Equal(["m.bin", "sub"], model.Select(f => f!["path"]!.GetValue<string>()));
        Assert.Equal(2, model[0]!["file_size"]!.GetValue<long>());

        var listed = (await Http.GetAsync(Api + "artifacts/list", ("run_id", run), ("path", "model"))).Ok().Body!;
        Assert.Equal($"mlflow-artifacts:/{exp}/{run}/artifacts", listed["root_uri"]!.GetValue<string>());
        Assert.Equal(["model/m.bin", "model/sub"], listed["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_RemovesTheFileOrFolder_AndAMissingOneIs404()
    {
        var (exp, run) = await Http.NewRunAsync();
        await PutAsync($"{exp}/{run}/artifacts/keep.txt", "k");
        await PutAsync($"{exp}/{run}/artifacts/tmp/a.txt", "a");
        await PutAsync($"{exp}/{run}/artifacts/tmp/b.txt", "b");
        (await Http.SendAsync("DELETE", $"{Proxy}/{exp}/{run}/artifacts/tmp")).Ok();
        Assert.Equal(["keep.txt"], (await server.Workspace.TrackingStore.ListArtifactsAsync(run, null)).Select(e => e.Path));
        (await Http.SendAsync("DELETE", $"{Proxy}/{exp}/{run}/artifacts/tmp")).Error(404, "RESOURCE_DOES_NOT_EXIST");
        (await Http.GetAsync($"{Proxy}/{exp}/{run}/artifacts/tmp/a.txt")).Error(404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("{exp}/{run}/artifacts/../../etc/passwd")]
    [InlineData("{exp}/{run}/artifacts/a/../../b")]
    [InlineData("{exp}/{run}/notartifacts/a")]
    [InlineData("{exp}/{run}")]
    public async Task BadPaths_Are400_NeverWrittenOrServed(string template)
    {
        var (exp, run) = await Http.NewRunAsync();
        var path = template.Replace("{exp}", exp).Replace("{run}", run);
        // Percent-encode the dots so HttpClient does not collapse them before they reach the server.
        var raw = string.Join('/', path.Split('/').Select(s => s is ".." ? "%2E%2E" : s is "." ? "%2E" : s));
        using var put = await Http.Client.PutAsync($"{Proxy}/{raw}", new StringContent("x"));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        (await Http.GetAsync($"{Proxy}/{raw}")).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync(Proxy, ("path", path))).Error(400, "INVALID_PARAMETER_VALUE");
        Assert.Empty(await server.Workspace.TrackingStore.ListArtifactsAsync(run, null));
    }

    [Fact]
    public async Task EncodedSlashesAroundDotDot_Are400()
    {
        var (exp, run) = await Http.NewRunAsync();
        (await Http.GetAsync($"{Proxy}/{exp}/{run}/artifacts/..%2F..%2Fetc/passwd")).Error(400, "INVALID_PARAMETER_VALUE");
        using var put = await Http.Client.PutAsync($"{Proxy}/{exp}/{run}/artifacts/a%2F..%2F..%2Fb", new StringContent("x"));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    [Fact]
    public async Task ErrorMessages_AreReadableJson()
    {
        var text = (await Http.PostAsync(Api + "runs/log-metric", new System.Text.Json.Nodes.JsonObject { ["run_id"] = "nope", ["key"] = "k", ["value"] = 1, ["timestamp"] = 1 })).Error(404, "RESOURCE_DOES_NOT_EXIST").Text;
        Assert.Contains("run 'nope'", text);
    }

    [Fact]
    public async Task AbsolutePathInArtifactsList_Is400()
    {
        var (_, run) = await Http.NewRunAsync();
        (await Http.GetAsync(Api + "artifacts/list", ("run_id", run), ("path", "/etc"))).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync(Api + "artifacts/list", ("run_id", run), ("path", "a/../../b"))).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync(Api + "artifacts/list", ("run_id", run), ("path", "./a"))).Error(400, "INVALID_PARAMETER_VALUE");
        (await Http.GetAsync(Proxy, ("path", $"0/{run}/artifacts/./a"))).Error(400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task RunInAnotherExperiment_Is404()
    {
        var (_, run) = await Http.NewRunAsync();
        var other = await Http.CreateExperimentAsync();
        Assert.Equal(HttpStatusCode.NotFound, await PutAsync($"{other}/{run}/artifacts/a.txt", "a"));
    }
}
