using MlNotebooks.Serving.Tests.Support;

namespace MlNotebooks.Serving.Tests.Hosting;

[Collection(ServingCollection.Name)]
public sealed class HotSwapTests(TrainedModels models)
{
    [Fact]
    public async Task AliasMove_UnderLoad_SwapsVersionWithNoFailedRequest()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        await w.RegisterAsync(models.Other, auc: 0.9);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        var server = await w.ServeAsync("models:/cancer@production");
        var url = new Uri(server.BaseAddress, "v2/models/cancer/infer");
        var body = ServingWorld.V2Body(w.Rows(2)).ToJsonString();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<(int Status, string Version)>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, answer, _) = await w.PostAsync(url, body);
                statuses.Add((status, answer?["model_version"]?.GetValue<string>() ?? "?"));
            }
        })).ToList();
        await ServingWorld.UntilAsync(() => Task.FromResult(statuses.Count >= 20), "traffic flows on version 1");
        await w.Registry.PromoteAsync("cancer", 2, "production", "retrained");
        await ServingWorld.UntilAsync(() => Task.FromResult(statuses.Count(s => s.Version == "2") >= 20), "version 2 answers");
        await stop.CancelAsync();
        await Task.WhenAll(load);
        Assert.All(statuses, s => Assert.Equal(200, s.Status));
        Assert.Contains(statuses, s => s.Version == "1");
        Assert.Equal(2, server.ServedVersions["cancer"]);
        Assert.Contains(w.Log, l => l.Contains("now serving version 2 (was 1)"));
    }

    [Fact]
    public async Task ModelFileWithAWrongHash_IsRefused_AndTheOldVersionKeepsServing()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var bad = await w.RegisterAsync(models.Other);
        await w.Registry.PromoteAsync("cancer", 1, "production");
        var server = await w.ServeAsync("models:/cancer@production");
        // Someone changes the stored model file of version 2 behind the registry's back.
        var path = w.Registry.GetFilePath(bad.Package.Model);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.AppendAllTextAsync(path, "tampered");
        await w.Registry.PromoteAsync("cancer", 2, "production");
        await ServingWorld.UntilAsync(async () => (await w.MetricsAsync(server)).Contains("mlnb_model_load_failures_total{model=\"cancer\",version=\"2\"} 1"), "the load of version 2 is refused");
        var (status, answer, _) = await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body(w.Rows(1)).ToJsonString());
        Assert.Equal((200, "1"), (status, answer!["model_version"]!.GetValue<string>()));
        Assert.Contains(w.Log, l => l.Contains("hashes to") && l.Contains("still serving version 1"));
    }

    [Fact]
    public async Task SeveralModels_AreServedSideBySide()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good, name: "cancer");
        await w.RegisterAsync(models.Narrow, name: "small", features: 10);
        var server = await w.ServeAsync("models:/cancer/1", o => o with { Models = ["models:/cancer/1", "models:/small/1"] });
        var big = await w.PostAsync(new Uri(server.BaseAddress, "v2/models/cancer/infer"), ServingWorld.V2Body(w.Rows(1)).ToJsonString());
        var small = await w.PostAsync(new Uri(server.BaseAddress, "v2/models/small/infer"), ServingWorld.V2Body(w.Rows(1), features: 10).ToJsonString());
        Assert.Equal((200, "cancer"), (big.Status, big.Body!["model_name"]!.GetValue<string>()));
        Assert.Equal((200, "small"), (small.Status, small.Body!["model_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Serve_AnAliasThatDoesNotExist_FailsWithTheFix()
    {
        await using var w = await ServingWorld.CreateAsync(models);
        await w.RegisterAsync(models.Good);
        var e = await Assert.ThrowsAsync<MlnbException>(() => w.ServeAsync("models:/cancer@production"));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("mlnb models promote cancer --version N --to production", e.Message);
    }
}
