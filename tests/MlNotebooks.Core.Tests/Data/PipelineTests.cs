using MlNotebooks.Data;
using MlNotebooks.Data.Pipelines;

namespace MlNotebooks.Tests.Data;

public sealed class PipelineTests
{
    private const string DvcYaml = """
        stages:
          prepare:
            cmd: mkdir -p out && cut -d, -f1,2 data/iris.csv > out/features.csv && echo prepared
            deps:
            - data/iris.csv
            params:
            - prepare.split
            outs:
            - out
          count:
            cmd: wc -l < out/features.csv > count.txt && cp count.txt metrics.json
            deps:
            - out
            params:
            - params.yaml:
              - count.mode
            outs:
            - count.txt
            metrics:
            - metrics.json:
                cache: false
        """;

    private static async Task<DataProject> PipelineAsync()
    {
        var p = await DataProject.CreateAsync();
        p.CopyTestFile("iris.csv", "data/iris.csv");
        p.Write("dvc.yaml", DvcYaml);
        p.Write("params.yaml", "prepare:\n  split: 0.2\n  seed: 7\ncount:\n  mode: lines\n");
        return p;
    }

    private static async Task<StageAction[]> ReproAsync(DataProject p, string? stage = null) =>
        (await p.Data.ReproAsync(stage, log: TextWriter.Null)).Select(r => r.Action).ToArray();

    [Fact]
    public async Task Repro_RunsStagesInOrder_ThenSkipsThemWhenNothingChanged()
    {
        await using var p = await PipelineAsync();

        Assert.Equal([StageAction.Ran, StageAction.Ran], await ReproAsync(p));
        Assert.Equal([StageAction.Skipped, StageAction.Skipped], await ReproAsync(p));
        Assert.Equal("151", p.Read("count.txt").Trim());
    }

    [Fact]
    public async Task Repro_WritesDvcLockInDvc3Format()
    {
        await using var p = await PipelineAsync();

        await ReproAsync(p);

        var irisMd5 = "d69a16ea6136ccb02a7c37c66375ebba";
        var lockText = p.Read("dvc.lock");
        Assert.StartsWith("schema: '2.0'\nstages:\n  prepare:\n    cmd: mkdir -p out && cut -d, -f1,2 data/iris.csv > out/features.csv && echo prepared\n    deps:\n"
            + $"    - path: data/iris.csv\n      hash: md5\n      md5: {irisMd5}\n      size: 2734\n    params:\n      params.yaml:\n        prepare.split: 0.2\n    outs:\n    - path: out\n      hash: md5\n      md5: ", lockText);
        Assert.Contains("      nfiles: 1\n  count:\n", lockText);
        Assert.Contains("    - path: metrics.json\n      hash: md5\n", lockText);
        Assert.Equal("/out\n/count.txt\n", p.Read(".gitignore"));
    }

    [Fact]
    public async Task Repro_RerunsOnlyWhatAChangedParamOrDepAffects()
    {
        await using var p = await PipelineAsync();
        await ReproAsync(p);

        p.Write("params.yaml", "prepare:\n  split: 0.2\n  seed: 8\ncount:\n  mode: words\n");
        Assert.Equal([StageAction.Skipped, StageAction.Ran], await ReproAsync(p));

        File.AppendAllText(p.PathOf("data/iris.csv"), "5.0,3.0,1.0,0.1,0\n");
        var results = await p.Data.ReproAsync(log: TextWriter.Null);
        Assert.Equal([StageAction.Ran, StageAction.Ran], results.Select(r => r.Action));
        Assert.Equal("dep 'data/iris.csv' changed", results[0].Reason);
        Assert.Equal("152", p.Read("count.txt").Trim());
    }

    [Fact]
    public async Task Repro_RestoresOutputsFromTheRunCache_WhenInputsWereSeenBefore()
    {
        await using var p = await PipelineAsync();
        await ReproAsync(p);
        var first = p.Read("out/features.csv");

        p.Write("params.yaml", "prepare:\n  split: 0.3\n  seed: 7\ncount:\n  mode: lines\n");
        await ReproAsync(p, "prepare");
        p.Write("out/features.csv", "tampered by the second run\n");
        p.Write("params.yaml", "prepare:\n  split: 0.2\n  seed: 7\ncount:\n  mode: lines\n");

        Assert.Equal([StageAction.Restored], await ReproAsync(p, "prepare"));
        Assert.Equal(first, p.Read("out/features.csv"));
    }

    [Fact]
    public async Task Repro_OfAFailingCommand_IsAOneLineErrorAndLeavesTheLockAlone()
    {
        await using var p = await DataProject.CreateAsync();
        p.Write("dvc.yaml", "stages:\n  broken:\n    cmd: exit 3\n    outs:\n    - x\n");

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.ReproAsync(log: TextWriter.Null));

        Assert.Contains("exited with code 3", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(p.PathOf("dvc.lock")));
    }

    [Fact]
    public async Task TrackedOutputsOfThePipeline_AreListedPushedAndCheckedOutLikeDvcFiles()
    {
        await using var p = await PipelineAsync();
        await ReproAsync(p);
        Directory.Delete(p.PathOf("out"), recursive: true);

        var r = await p.Data.CheckoutAsync();

        Assert.Contains(p.Data.ListTracked(), t => t.PointerFile == "dvc.lock" && t.WorkspacePath == "out");
        Assert.DoesNotContain(p.Data.ListTracked(), t => t.WorkspacePath == "metrics.json"); // cache: false
        Assert.Equal(1, r.Written);
        Assert.True(File.Exists(p.PathOf("out/features.csv")));
    }
}
