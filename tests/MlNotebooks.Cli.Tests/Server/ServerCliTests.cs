using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Storage;
using MlNotebooks.Tests.Support;
using MlNotebooks.Tracking;
using MlNotebooks.Tracking.Http;

namespace MlNotebooks.Cli.Tests.Server;

/// <summary>`mlnb server` as a process: its refusals, many mlnb processes logging through it, and a kill in the middle of batches.</summary>
public sealed class ServerCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string StoreUri => "sqlite:///" + _dir.File("server.db");

    [Fact]
    public async Task NonLoopbackHost_WithoutAuth_IsOneLineErrorAndExit2()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, "server", "--host", "0.0.0.0", "--tracking-uri", StoreUri);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("--auth", line);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public async Task EightProcesses_LoggingThroughOneServer_LoseNothing()
    {
        await using var server = await ServerProcess.StartAsync(_dir.Path, StoreUri);
        var env = new Dictionary<string, string?> { ["MLNB_TRACKING_URI"] = server.Url.ToString(), ["MLNB_CONTENT_ROOT"] = _dir.File("client-cache") };
        var shared = (await MlnbProcess.RunAsync(_dir.Path, env, "runs", "create", "-e", "fleet")).Out;
        const int processes = 8, callsEach = 2, pointsPerCall = 100;
        var results = await Task.WhenAll(Enumerable.Range(0, processes).Select(async w =>
        {
            var all = new List<MlnbProcess.Result>();
            for (var call = 0; call < callsEach; call++)
            {
                var args = new List<string> { "runs", "log", "--run", shared, "--param", $"w{w}_c{call}=x" };
                for (var i = 0; i < pointsPerCall; i++) args.AddRange(["--metric", $"w{w}={i}@{call * pointsPerCall + i}"]);
                all.Add(await MlnbProcess.RunAsync(_dir.Path, env, [.. args]));
            }
            all.Add(await MlnbProcess.RunAsync(_dir.Path, env, "runs", "create", "-e", "fleet", "--name", $"own-{w}"));
            return all;
        }));
        Assert.All(results.SelectMany(r => r), r => Assert.True(r.ExitCode == 0, r.Stderr));

        // Read straight from the server's store, not through the server.
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = StoreUri, ContentRoot = _dir.File("cache"), Environment = _ => null });
        for (var w = 0; w < processes; w++)
            Assert.Equal(callsEach * pointsPerCall, (await ws.TrackingStore.GetMetricHistoryAsync(shared, $"w{w}")).Count);
        Assert.Equal(processes * callsEach, (await ws.TrackingStore.GetRunAsync(shared))!.Params.Count);
        var runs = await ws.Tracking.SearchRunsAsync(["fleet"]);
        Assert.Equal(processes + 1, runs.Items.Count);
    }

    [Fact]
    public async Task ServerKilledMidBatch_LosesNoAcknowledgedPoint_AndRetriesDuplicateNothing()
    {
        var server = await ServerProcess.StartAsync(_dir.Path, StoreUri);
        var port = server.Url.Port;
        // A client that keeps retrying long enough for the server to come back.
        await using var store = new HttpTrackingStore(server.Url, new ContentStore(_dir.File("client-cache")),
            new HttpTrackingOptions { MaxAttempts = 30, InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) });
        var exp = await store.CreateExperimentAsync("crash", null, null);
        var run = await store.CreateRunAsync(exp.ExperimentId, "r", "test", DateTimeOffset.UtcNow, []);
        const int batches = 40, perBatch = 500;
        var acknowledged = new List<int>();
        var killedAfter = new TaskCompletionSource();
        var logging = Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
            {
                var points = Enumerable.Range(0, perBatch).Select(i => new Metric("m", i, 1_700_000_000_000 + b, (long)b * perBatch + i)).ToList();
                await store.LogBatchAsync(run.RunId, points, [], []);
                lock (acknowledged) acknowledged.Add(b);
                if (b == 10) await killedAfter.Task; // let the kill land while the next batches are in flight
            }
        });
        var kill = Task.Run(async () =>
        {
            killedAfter.TrySetResult();
            await Task.Delay(5);
            await server.KillAsync();
        });
        await Task.WhenAny(kill, logging);
        await kill;
        int ackedAtKill;
        lock (acknowledged) ackedAtKill = acknowledged.Count;
        await using (await ServerProcess.StartAsync(_dir.Path, StoreUri, port))
        {
            await logging;
        }
        await server.DisposeAsync();

        Assert.True(ackedAtKill < batches, "the kill should land before the client finished");
        Assert.Equal(batches, acknowledged.Count);
        await using var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = StoreUri, ContentRoot = _dir.File("cache"), Environment = _ => null });
        var history = await ws.TrackingStore.GetMetricHistoryAsync(run.RunId, "m");
        // Every acknowledged point is there, once: a batch retried after the kill (committed or not) adds no duplicate.
        Assert.Equal(batches * perBatch, history.Count);
        Assert.Equal(batches * perBatch, history.Select(h => h.Step).Distinct().Count());
    }
}
