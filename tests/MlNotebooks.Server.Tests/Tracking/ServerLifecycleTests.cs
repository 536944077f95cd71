using MlNotebooks.Server;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Server.Tests.Tracking;

public sealed class ServerLifecycleTests
{
    [Fact]
    public async Task PortZero_BindsAFreePort_AndAnswersHealth()
    {
        using var dir = new TempDir();
        await using var server = await TrackingServer.StartAsync(new ServerOptions
        {
            Port = 0, TrackingUri = StoreFactory.SqliteUri(dir), ContentRoot = dir.File("cache"), Environment = _ => null,
        });
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        Assert.NotEqual(0, server.BaseAddress.Port);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal("OK", await http.GetStringAsync("/health"));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.5")]
    public void NonLoopbackHost_WithoutAuth_IsRefusedWithTheFix(string host)
    {
        var e = Assert.Throws<MlnbException>(() => new ServerOptions { Host = host }.Validate());
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("--auth", e.Message);
    }

    [Fact]
    public async Task AfterHandledHooks_SeeTheCreatedExperiment_BeforeTheAnswerIsWritten()
    {
        using var dir = new TempDir();
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = StoreFactory.SqliteUri(dir), ContentRoot = dir.File("cache"), Environment = _ => null });
        await using var server = await TrackingServer.StartAsync(ws, new ServerOptions { Port = 0 });
        var seen = new List<(string Path, string? Created)>();
        server.Context.AfterHandled.Add(call => { lock (seen) seen.Add((call.Route.Path, call.CreatedId)); return Task.CompletedTask; });
        using var http = new Support.MlflowHttp(server.BaseAddress);
        var id = (await http.PostAsync("/api/2.0/mlflow/experiments/create", new System.Text.Json.Nodes.JsonObject { ["name"] = "hooked" })).Ok().Body!["experiment_id"]!.GetValue<string>();
        (await http.PostAsync("/api/2.0/mlflow/experiments/create", new System.Text.Json.Nodes.JsonObject { ["name"] = "hooked" })).Error(400, "RESOURCE_ALREADY_EXISTS");
        Assert.Equal([("mlflow/experiments/create", (string?)id)], seen);
    }

    [Fact]
    public void NonLoopbackHost_WithAuth_IsAllowed() => new ServerOptions { Host = "0.0.0.0", Auth = true }.Validate();
}
