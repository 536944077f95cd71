using System.Text.Json;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests;

/// <summary>Several processes writing one SQLite store at once lose nothing and never surface "database is locked".</summary>
public sealed class ConcurrentWritersTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ParallelProcesses_LoggingToOneStore_LoseNothing()
    {
        Assert.Equal(0, (await MlnbProcess.RunAsync(_dir.Path, "init")).ExitCode);
        var shared = (await MlnbProcess.RunAsync(_dir.Path, "runs", "create", "-e", "race")).Out;
        const int writers = 6, callsEach = 6, pointsPerCall = 50;
        var tasks = Enumerable.Range(0, writers).Select(async w =>
        {
            var results = new List<MlnbProcess.Result>();
            for (var call = 0; call < callsEach; call++)
            {
                var args = new List<string> { "runs", "log", "--run", shared };
                for (var i = 0; i < pointsPerCall; i++) args.AddRange(["--metric", $"w{w}=1@{call * pointsPerCall + i}"]);
                args.AddRange(["--param", $"writer{w}_call{call}=x"]);
                results.Add(await MlnbProcess.RunAsync(_dir.Path, [.. args]));
                results.Add(await MlnbProcess.RunAsync(_dir.Path, "runs", "create", "-e", "race", "--name", $"w{w}-{call}"));
            }
            return results;
        }).ToArray();
        var all = (await Task.WhenAll(tasks)).SelectMany(r => r).ToList();
        Assert.All(all, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.DoesNotContain(all, r => r.Stderr.Contains("locked", StringComparison.OrdinalIgnoreCase));

        for (var w = 0; w < writers; w++)
        {
            var h = await MlnbProcess.RunAsync(_dir.Path, "runs", "history", shared, "--metric", $"w{w}", "--json");
            using var doc = JsonDocument.Parse(h.Stdout);
            Assert.Equal(callsEach * pointsPerCall, doc.RootElement.GetProperty("metrics").GetArrayLength());
        }
        var show = await MlnbProcess.RunAsync(_dir.Path, "runs", "show", shared, "--json");
        using var run = JsonDocument.Parse(show.Stdout);
        Assert.Equal(writers * callsEach, run.RootElement.GetProperty("run").GetProperty("data").GetProperty("params").GetArrayLength());
        var search = await MlnbProcess.RunAsync(_dir.Path, "runs", "search", "-e", "race", "--max-results", "1000", "--json");
        using var runs = JsonDocument.Parse(search.Stdout);
        Assert.Equal(writers * callsEach + 1, runs.RootElement.GetProperty("runs").GetArrayLength());
    }
}
