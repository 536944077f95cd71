using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MlNotebooks.Serving.Hosting;
using MlNotebooks.Serving.Tests.Support;
using MlNotebooks.Server;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Serving.Tests.Remote;

/// <summary>`mlnb serve` on an http(s) tracking URI: the model is resolved through the server's registry API and its
/// file downloaded through the artifact proxy into the client's own content store.</summary>
[Collection(ServingCollection.Name)]
public sealed class ServeOverTrackingServerTests(TrainedModels models)
{
    [Fact]
    public async Task ModelServer_OnAServerWorkspace_DownloadsTheModelFile_AndAnswersLikeTheLocalOne()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        await using var tracking = await TrackingServer.StartAsync(w.Ws, new ServerOptions { Port = 0 });
        using var clientDir = new TempDir();
        await using var client = await Workspace.OpenAsync(new WorkspaceOptions
        {
            TrackingUri = tracking.BaseAddress.ToString().TrimEnd('/'),
            ContentRoot = clientDir.File("cache"),
            StartDirectory = clientDir.Path,
            Environment = _ => null,
        });
        var version = await client.Registry.ResolveAsync("models:/cancer@production");
        Assert.False(client.Registry.Content.Contains(version.Package.Model.Md5)); // nothing local yet

        var local = await w.ServeAsync("models:/cancer@production");
        await using var remote = await ModelServer.StartAsync(client, new ModelServerOptions { Models = ["models:/cancer@production"], Port = 0 });

        Assert.True(client.Registry.Content.Contains(version.Package.Model.Md5)); // downloaded, hash-checked
        var body = ServingWorld.V2Body(w.Rows(3));
        var expected = await (await w.Http.PostAsJsonAsync(new Uri(local.BaseAddress, "v2/models/cancer/infer"), body)).Content.ReadFromJsonAsync<JsonObject>();
        var actual = await (await w.Http.PostAsJsonAsync(new Uri(remote.BaseAddress, "v2/models/cancer/infer"), body)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(expected!["outputs"]!.ToJsonString(), actual!["outputs"]!.ToJsonString());
        Assert.Equal("1", actual["model_version"]!.GetValue<string>());
    }
}
