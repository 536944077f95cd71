using System.Net;
using System.Text.Json.Nodes;
using MlNotebooks.Server.Tests.Support;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Server.Tests.Tracking;

/// <summary>The http(s) workspace against a live server: opening, tokens, artifacts fetched into a fresh cache, refusals.</summary>
public sealed class HttpClientTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private Task<Workspace> OpenAsync(TempDir dir, Func<string, string?>? env = null) => Workspace.OpenAsync(new WorkspaceOptions
    {
        TrackingUri = server.BaseAddress.ToString(), ContentRoot = dir.File("cache"), StartDirectory = dir.Path, Environment = env ?? (_ => null),
    });

    [Fact]
    public async Task ArtifactsLoggedByOneClient_DownloadIntoAnotherClientsEmptyCache()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        await using var writer = await OpenAsync(a);
        var run = await writer.Tracking.CreateRunAsync(ServerFixture.UniqueName("art"));
        await File.WriteAllTextAsync(a.File("model.txt"), "weights");
        await writer.Tracking.LogArtifactAsync(run.RunId, a.File("model.txt"), "model");

        await using var reader = await OpenAsync(b);
        var path = await reader.Tracking.DownloadArtifactsAsync(run.RunId, "model/model.txt", b.File("out"));
        Assert.Equal("weights", await File.ReadAllTextAsync(path));
        Assert.True(reader.Content.Contains((await reader.Tracking.ListArtifactsAsync(run.RunId)).Single().Md5));
        // The server holds one copy of the content, registered on the run.
        var entry = Assert.Single(await server.Workspace.TrackingStore.ListArtifactsAsync(run.RunId, null));
        Assert.True(server.Workspace.Content.Contains(entry.Md5));
    }

    [Fact]
    public async Task TheTokenFromTheEnvironment_IsSentAsBearer()
    {
        // A one-request listener stands in for a server that checks the header.
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var seen = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            var auth = ctx.Request.Headers["Authorization"];
            ctx.Response.StatusCode = 200;
            await ctx.Response.OutputStream.WriteAsync("{\"experiments\": []}"u8.ToArray());
            ctx.Response.Close();
            return auth;
        });
        using var dir = new TempDir();
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions
        {
            TrackingUri = $"http://127.0.0.1:{port}", ContentRoot = dir.File("cache"), StartDirectory = dir.Path,
            Environment = n => n == "MLFLOW_TRACKING_TOKEN" ? "secret-123" : null,
        });
        Assert.Equal("Bearer secret-123", await seen);
    }

    [Fact]
    public async Task Answers503And429_AreRetriedWithBackoff_UntilTheServerAnswers()
    {
        // A stand-in server: 503, then 429 with Retry-After, then the answer.
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var statuses = new List<int>();
        var serving = Task.Run(async () =>
        {
            foreach (var status in new[] { 503, 429, 200 })
            {
                var ctx = await listener.GetContextAsync();
                statuses.Add(status);
                ctx.Response.StatusCode = status;
                if (status == 429) ctx.Response.AddHeader("Retry-After", "1");
                await ctx.Response.OutputStream.WriteAsync(status == 200 ? "{}"u8.ToArray() : "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}"u8.ToArray());
                ctx.Response.Close();
            }
        });
        using var dir = new TempDir();
        await using var store = new MlNotebooks.Tracking.Http.HttpTrackingStore(new Uri($"http://127.0.0.1:{port}"), new MlNotebooks.Storage.ContentStore(dir.File("cache")));
        await store.LogBatchAsync("0123456789abcdef0123456789abcdef", [new Metric("m", 1, 1)], [], []);
        await serving;
        Assert.Equal([503, 429, 200], statuses);
    }

    [Fact]
    public async Task AServerThatStaysUnavailable_FailsWithTheStatus_AfterTheRetries()
    {
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var count = 0;
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext ctx;
                try { ctx = await listener.GetContextAsync(); } catch (HttpListenerException) { return; } catch (ObjectDisposedException) { return; }
                Interlocked.Increment(ref count);
                ctx.Response.StatusCode = 503;
                await ctx.Response.OutputStream.WriteAsync("{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"database is down\"}"u8.ToArray());
                ctx.Response.Close();
            }
        });
        using var dir = new TempDir();
        await using var store = new MlNotebooks.Tracking.Http.HttpTrackingStore(new Uri($"http://127.0.0.1:{port}"), new MlNotebooks.Storage.ContentStore(dir.File("cache")),
            new MlNotebooks.Tracking.Http.HttpTrackingOptions { MaxAttempts = 3, InitialDelay = TimeSpan.FromMilliseconds(10) });
        var e = await Assert.ThrowsAsync<MlnbException>(() => store.LogBatchAsync("0123456789abcdef0123456789abcdef", [new Metric("m", 1, 1)], [], []));
        Assert.Equal(ErrorCode.StoreUnavailable, e.Code);
        Assert.Contains("database is down", e.Message);
        Assert.Equal(3, count);
        stop.Cancel();
        listener.Stop();
    }

    [Fact]
    public async Task NoServerListening_FailsAtOpen_WithTheFix()
    {
        using var dir = new TempDir();
        var e = await Assert.ThrowsAsync<MlnbException>(() => Workspace.OpenAsync(new WorkspaceOptions
        {
            TrackingUri = $"http://127.0.0.1:{FreePort()}", ContentRoot = dir.File("cache"), StartDirectory = dir.Path, Environment = _ => null,
        }));
        Assert.Equal(ErrorCode.StoreUnavailable, e.Code);
        Assert.Contains("mlnb server", e.Message);
    }

    [Fact]
    public async Task ServerErrors_ComeBackAsTheirErrorCodes()
    {
        using var dir = new TempDir();
        await using var ws = await OpenAsync(dir);
        var missing = await Assert.ThrowsAsync<MlnbException>(() => ws.Tracking.GetRunAsync("0123456789abcdef0123456789abcdef"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
        var name = ServerFixture.UniqueName("dup");
        await ws.Tracking.CreateExperimentAsync(name);
        var dup = await Assert.ThrowsAsync<MlnbException>(() => ws.Tracking.CreateExperimentAsync(name));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, dup.Code);
        // The registry is served too (HttpRegistryStore); its errors come back the same way.
        var registry = await Assert.ThrowsAsync<MlnbException>(() => ws.Registry.GetModelAsync("no-such-model"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, registry.Code);
    }

    [Fact]
    public async Task AServerCannotServeAnotherServer()
    {
        var e = await Assert.ThrowsAsync<MlnbException>(() => TrackingServer.StartAsync(new ServerOptions { Port = 0, TrackingUri = server.BaseAddress.ToString() }));
        Assert.Contains("sqlite:///", e.Message);
    }

    [Fact]
    public async Task TheRunsBufferedLogger_BatchesOverHttp()
    {
        using var dir = new TempDir();
        await using var ws = await OpenAsync(dir);
        string runId;
        await using (var run = await ws.Tracking.StartRunAsync(ServerFixture.UniqueName("buf")))
        {
            runId = run.RunId;
            for (var i = 0; i < 2500; i++) run.LogMetric("loss", 1.0 / (i + 1), step: i);
            run.LogParam("lr", "0.1");
        }
        Assert.Equal(2500, (await server.Workspace.TrackingStore.GetMetricHistoryAsync(runId, "loss")).Count);
        var info = (await server.Workspace.TrackingStore.GetRunAsync(runId))!;
        Assert.Equal(RunStatus.Finished, info.Info.Status);
        Assert.Equal("0.1", info.Param("lr"));
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
