using System.Text.Json;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests;

/// <summary>The tracking verbs, run as a user runs them: a real mlnb process in a folder with a workspace.</summary>
public sealed class TrackingCliTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public async Task InitializeAsync() => Assert.Equal(0, (await Mlnb("init")).ExitCode);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private Task<MlnbProcess.Result> Mlnb(params string[] args) => MlnbProcess.RunAsync(_dir.Path, args);

    private async Task<string> CreateRunAsync(params string[] extra)
    {
        var r = await Mlnb(["runs", "create", "-e", "cli", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Out;
    }

    [Fact]
    public async Task RunsCreate_PrintsTheRunIdAlone()
    {
        var id = await CreateRunAsync("--name", "first");
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task RunsLog_RepeatableOptions_AndStepSyntax_ShowUpInJson()
    {
        var id = await CreateRunAsync();
        var log = await Mlnb("runs", "log", "--run", id, "--param", "lr=0.01", "--param", "layers=3", "--metric", "loss=0.5@1", "--metric", "loss=0.25@2", "--metric", "acc=NaN", "--tag", "team=cv");
        Assert.True(log.ExitCode == 0, log.Stderr);
        var show = await Mlnb("runs", "show", id, "--json");
        using var doc = JsonDocument.Parse(show.Stdout);
        var data = doc.RootElement.GetProperty("run").GetProperty("data");
        Assert.Contains(data.GetProperty("params").EnumerateArray(), p => p.GetProperty("key").GetString() == "lr" && p.GetProperty("value").GetString() == "0.01");
        var loss = data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "loss");
        Assert.Equal(0.25, loss.GetProperty("value").GetDouble());
        Assert.Equal(2, loss.GetProperty("step").GetInt64());
        var acc = data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "acc");
        Assert.Equal("NaN", acc.GetProperty("value").GetString());
        var history = await Mlnb("runs", "history", id, "--metric", "loss", "--json");
        using var h = JsonDocument.Parse(history.Stdout);
        Assert.Equal(2, h.RootElement.GetProperty("metrics").GetArrayLength());
    }

    [Fact]
    public async Task RunsEnd_ThenLogging_FailsWithOneLineAndExitCode()
    {
        var id = await CreateRunAsync();
        Assert.Equal(0, (await Mlnb("runs", "end", "--run", id)).ExitCode);
        var r = await Mlnb("runs", "log", "--run", id, "--metric", "late=1");
        Assert.Equal(5, r.ExitCode);
        Assert.StartsWith("error: run ", r.Stderr);
        Assert.Contains("FINISHED", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task ParamRelogged_WithAnotherValue_IsRejected_AndTheBatchIsNotHalfWritten()
    {
        var id = await CreateRunAsync();
        Assert.Equal(0, (await Mlnb("runs", "log", "--run", id, "--param", "lr=0.01")).ExitCode);
        var r = await Mlnb("runs", "log", "--run", id, "--param", "lr=0.1", "--metric", "loss=1", "--tag", "t=x");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("write-once", r.Stderr);
        var show = await Mlnb("runs", "show", id, "--json");
        using var doc = JsonDocument.Parse(show.Stdout);
        var data = doc.RootElement.GetProperty("run").GetProperty("data");
        Assert.Equal(0, data.GetProperty("metrics").GetArrayLength());
        Assert.DoesNotContain(data.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "t");
    }

    [Theory]
    [InlineData("--metric", "loss", 2, "KEY=VALUE")]
    [InlineData("--metric", "loss=abc", 2, "not a number")]
    [InlineData("--metric", "loss=1@x", 2, "step")]
    [InlineData("--param", "bad key!=1", 2, "characters MLflow rejects")]
    [InlineData("--tag", "=v", 2, "KEY=VALUE")]
    public async Task RunsLog_BadInput_ExplainsTheFix(string option, string value, int exit, string expected)
    {
        var id = await CreateRunAsync();
        var r = await Mlnb("runs", "log", "--run", id, option, value);
        Assert.Equal(exit, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr);
        Assert.Contains(expected, r.Stderr);
    }

    [Fact]
    public async Task UnknownRun_IsExit3_WithTheFix()
    {
        var r = await Mlnb("runs", "show", new string('a', 32));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("mlnb runs search", r.Stderr);
    }

    [Fact]
    public async Task Experiments_CreateListShowRenameDeleteRestore()
    {
        Assert.Matches("^[0-9]+$", (await Mlnb("experiments", "create", "churn", "--tag", "team=growth")).Out);
        var list = await Mlnb("experiments", "list", "--json");
        using (var doc = JsonDocument.Parse(list.Stdout))
            Assert.Contains(doc.RootElement.GetProperty("experiments").EnumerateArray(), e => e.GetProperty("name").GetString() == "churn");
        Assert.Contains("churn", (await Mlnb("experiments", "list")).Stdout);
        Assert.Equal(0, (await Mlnb("experiments", "rename", "churn", "churn2")).ExitCode);
        Assert.Equal(0, (await Mlnb("experiments", "delete", "churn2")).ExitCode);
        Assert.DoesNotContain("churn2", (await Mlnb("experiments", "list")).Stdout);
        Assert.Contains("churn2", (await Mlnb("experiments", "list", "--view", "deleted")).Stdout);
        Assert.Equal(0, (await Mlnb("experiments", "restore", "churn2")).ExitCode);
        var show = await Mlnb("experiments", "show", "churn2", "--json");
        using var s = JsonDocument.Parse(show.Stdout);
        Assert.Equal("active", s.RootElement.GetProperty("experiment").GetProperty("lifecycle_stage").GetString());
        var dup = await Mlnb("experiments", "create", "churn2");
        Assert.Equal(4, dup.ExitCode);
    }

    [Fact]
    public async Task RunsSearch_FilterOrderAndPaging_AndBadFilterPointsAtToken()
    {
        foreach (var (acc, lr) in new[] { (0.95, "0.01"), (0.8, "0.01"), (0.91, "0.1") })
        {
            var id = await CreateRunAsync();
            await Mlnb("runs", "log", "--run", id, "--metric", $"acc={acc}", "--param", $"lr={lr}");
        }
        var r = await Mlnb("runs", "search", "-e", "cli", "-f", "metrics.acc > 0.9 OR params.lr = '0.01'", "-o", "metrics.acc DESC", "--max-results", "2", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var accs = doc.RootElement.GetProperty("runs").EnumerateArray().Select(x => x.GetProperty("data").GetProperty("metrics")[0].GetProperty("value").GetDouble()).ToArray();
        Assert.Equal([0.95, 0.91], accs);
        var token = doc.RootElement.GetProperty("next_page_token").GetString()!;
        var page2 = await Mlnb("runs", "search", "-e", "cli", "-f", "metrics.acc > 0.9 OR params.lr = '0.01'", "-o", "metrics.acc DESC", "--max-results", "2", "--page-token", token, "--json");
        using var doc2 = JsonDocument.Parse(page2.Stdout);
        Assert.Single(doc2.RootElement.GetProperty("runs").EnumerateArray());
        var table = await Mlnb("runs", "search", "-e", "cli", "-o", "metrics.acc DESC");
        Assert.Contains("acc", table.Stdout);
        var bad = await Mlnb("runs", "search", "-f", "metrics.acc >< 1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("invalid filter at character 14", bad.Stderr);
    }

    [Fact]
    public async Task RunsCompare_MarksDifferences()
    {
        var a = await CreateRunAsync();
        var b = await CreateRunAsync();
        await Mlnb("runs", "log", "--run", a, "--param", "lr=0.1", "--param", "seed=1", "--metric", "acc=0.9");
        await Mlnb("runs", "log", "--run", b, "--param", "lr=0.2", "--param", "seed=1", "--metric", "acc=0.8");
        var r = await Mlnb("runs", "compare", a, b, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToDictionary(x => x.GetProperty("field").GetString()!, x => x.GetProperty("differs").GetBoolean());
        Assert.True(rows["params.lr"]);
        Assert.False(rows["params.seed"]);
        Assert.True(rows["metrics.acc"]);
        Assert.Contains("params.lr", (await Mlnb("runs", "compare", a, b)).Stdout);
        Assert.Equal(2, (await Mlnb("runs", "compare", a)).ExitCode);
    }

    [Fact]
    public async Task Artifacts_LogListGet()
    {
        var id = await CreateRunAsync();
        var src = Path.Combine(_dir.Path, "out");
        Directory.CreateDirectory(src);
        await File.WriteAllTextAsync(Path.Combine(src, "metrics.json"), "{\"auc\": 0.99}");
        Assert.Equal(0, (await Mlnb("artifacts", "log", "--run", id, "out", "--artifact-path", "eval")).ExitCode);
        var list = await Mlnb("artifacts", "list", "--run", id, "--json");
        using var doc = JsonDocument.Parse(list.Stdout);
        Assert.Equal("eval/metrics.json", doc.RootElement.GetProperty("files")[0].GetProperty("path").GetString());
        var get = await Mlnb("artifacts", "get", "--run", id, "--path", "eval/metrics.json", "--dest", "dl");
        Assert.True(get.ExitCode == 0, get.Stderr);
        Assert.Equal("{\"auc\": 0.99}", await File.ReadAllTextAsync(get.Out));
        var missing = await Mlnb("artifacts", "log", "--run", id, "nope.txt");
        Assert.Equal(3, missing.ExitCode);
    }
}
