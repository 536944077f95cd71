using System.Net;
using System.Text.Json.Nodes;
using MlNotebooks.Hub.Tests.Support;

namespace MlNotebooks.Hub.Tests;

/// <summary>
/// The single-machine hub end to end with real processes: Debian's JupyterHub, two Unix users, their servers spawned
/// through the REST API, the mlnb-csharp kernel over the websocket channel, the tracking server as a hub service.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class HubEndToEndTests(HubFixture hub)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TwoUsers_TrackFromTheirKernels_AndTheRunsAreTheirs()
    {
        await hub.StartAsync(3600);
        var runs = new Dictionary<string, string>();
        var tokens = new Dictionary<string, string>();
        foreach (var user in new[] { hub.Alice, hub.Bob })
        {
            tokens[user] = await hub.TokenAsync(user);
            await hub.StartServerAsync(user, tokens[user]);
        }
        await Task.WhenAll(new[] { hub.Alice, hub.Bob }.Select(async user =>
        {
            await using var kernel = await KernelChannel.StartAsync(hub.Url, user, tokens[user], "mlnb-csharp", None);
            var start = await kernel.ExecuteAsync($"#!track start --experiment team-{user} --name from-hub\n#!track param who={user}", None);
            Assert.True(start.Status == "ok", string.Join("; ", start.Errors) + start.Text);
            var body = await kernel.ExecuteAsync("for (var i = 0; i < 3; i++) Track.Metric(\"loss\", 1.0 / (i + 1), i);\nConsole.WriteLine(Track.RunId);", None);
            Assert.True(body.Status == "ok", string.Join("; ", body.Errors));
            var end = await kernel.ExecuteAsync("#!track end", None);
            Assert.True(end.Status == "ok", string.Join("; ", end.Errors));
            lock (runs) runs[user] = body.Text.Trim().Split('\n')[^1].Trim();
        }));

        foreach (var user in new[] { hub.Alice, hub.Bob })
        {
            using var tracking = hub.Tracking(tokens[user]);
            var run = JsonNode.Parse(await tracking.GetStringAsync($"api/2.0/mlflow/runs/get?run_id={runs[user]}"))!["run"]!;
            Assert.Equal(user, run["info"]!["user_id"]!.GetValue<string>());
            Assert.Equal("FINISHED", run["info"]!["status"]!.GetValue<string>());
            Assert.Contains(run["data"]!["params"]!.AsArray(), p => p!["key"]!.GetValue<string>() == "who" && p["value"]!.GetValue<string>() == user);
            var history = JsonNode.Parse(await tracking.GetStringAsync($"api/2.0/mlflow/metrics/get-history?run_id={runs[user]}&metric_key=loss"))!["metrics"]!.AsArray();
            Assert.Equal([1.0, 0.5, 1.0 / 3], history.Select(m => m!["value"]!.GetValue<double>()).Order().Reverse());
        }

        // Usage per user, read by the operator from the store behind the tracking service: each run carries its kernel's CPU seconds.
        var usage = await Mlnb.RunAsync("usage", "--tracking-uri", "sqlite:///" + Path.Combine(hub.Paths.Tracking, "mlnb.db"), "--json");
        Assert.True(usage.ExitCode == 0, usage.ToString());
        var byRun = JsonNode.Parse(usage.Stdout)!["runs"]!.AsArray().ToDictionary(r => r!["run_id"]!.GetValue<string>());
        foreach (var user in new[] { hub.Alice, hub.Bob })
        {
            Assert.Equal(user, byRun[runs[user]]!["user"]!.GetValue<string>());
            Assert.True(byRun[runs[user]]!["cpu_seconds"]!.GetValue<double>() > 0, usage.Stdout);
        }
    }
}
