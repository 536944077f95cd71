using MlNotebooks.Interactive.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive.Tests;

[Collection(KernelCollection.Name)]
public sealed class TrackMagicTests
{
    private readonly KernelFixture k;

    public TrackMagicTests(KernelFixture fixture)
    {
        k = fixture;
        TrackingSession.Shared.EndAllAsync(RunStatus.Killed).GetAwaiter().GetResult(); // no run left over from another test
    }

    private async Task<Run> LastRunAsync(string experiment)
    {
        var page = await k.Workspace.Tracking.SearchRunsAsync([experiment], orderBy: ["attributes.start_time DESC"]);
        return page.Items[0];
    }

    [Fact]
    public void Loading_ShowsHelpNamingEverySubcommand()
    {
        var help = k.LoadEvents.Displayed("text/markdown");
        foreach (var sub in new[] { "start", "param", "metric", "tag", "artifact", "end", "runs", "compare", "chart" })
            Assert.Contains($"#!track {sub}", help);
    }

    [Fact]
    public async Task StartParamMetricTagEnd_RecordTheRunInTheStore()
    {
        (await k.SubmitAsync("#!track start --experiment magic --name first")).Succeeded();
        (await k.SubmitAsync("#!track param lr=0.01 epochs=3 \"optimizer=adam w\"")).Succeeded();
        (await k.SubmitAsync("#!track metric loss=0.5 acc=0.8 --step 2")).Succeeded();
        (await k.SubmitAsync("#!track tag stage=baseline")).Succeeded();
        var end = await k.SubmitAsync("#!track end");
        end.Succeeded();
        Assert.Contains("FINISHED", end.Displayed("text/html"));

        var run = await LastRunAsync("magic");
        Assert.Equal("first", run.Info.RunName);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("0.01", run.Param("lr"));
        Assert.Equal("3", run.Param("epochs"));
        Assert.Equal("adam w", run.Param("optimizer"));
        Assert.Equal(0.8, run.Metric("acc"));
        Assert.Equal(2, run.Metrics.Single(m => m.Key == "loss").Step);
        Assert.Equal("baseline", run.Tag("stage"));
    }

    [Fact]
    public async Task TrackFacade_LogsEveryStepOfATrainingLoopInTheMagicsRun()
    {
        (await k.SubmitAsync("#!track start --experiment facade")).Succeeded();
        var loop = await k.SubmitAsync("for (var step = 0; step < 5; step++) Track.Metric(\"loss\", 1.0 / (step + 1), step);\nTrack.Param(\"batch\", 32);\nConsole.Write(Track.RunId);");
        loop.Succeeded();
        var runId = loop.StandardOutput();
        (await k.SubmitAsync("#!track end")).Succeeded();

        var history = await k.Workspace.Tracking.GetMetricHistoryAsync(runId, "loss");
        Assert.Equal([0L, 1, 2, 3, 4], history.Select(m => m.Step).Order());
        Assert.Equal("32", (await k.Workspace.Tracking.GetRunAsync(runId)).Param("batch"));
    }

    [Fact]
    public async Task NestedStart_RecordsTheParentRun()
    {
        (await k.SubmitAsync("#!track start --experiment nest")).Succeeded();
        (await k.SubmitAsync("#!track start --experiment nest --nested --name child")).Succeeded();
        var childId = (await k.SubmitAsync("Console.Write(Track.RunId)")).StandardOutput();
        (await k.SubmitAsync("#!track end")).Succeeded();
        var parentId = (await k.SubmitAsync("Console.Write(Track.RunId)")).StandardOutput();
        (await k.SubmitAsync("#!track end")).Succeeded();

        Assert.Equal(parentId, (await k.Workspace.Tracking.GetRunAsync(childId)).ParentRunId);
    }

    [Fact]
    public async Task ActiveRun_CarriesLineageTags()
    {
        (await k.SubmitAsync("#!track start --experiment lineage")).Succeeded();
        (await k.SubmitAsync("#!track end")).Succeeded();
        var run = await LastRunAsync("lineage");
        Assert.Equal("NOTEBOOK", run.Tag(SystemTags.SourceType));
        Assert.NotNull(run.Tag("mlnb.notebook.cell"));
        Assert.Contains(".NET Interactive 1.0.0-beta.26120.1", run.Tag("mlnb.kernel.version"));
        Assert.Contains("MlNotebooks.Core", run.Tag("mlnb.packages"));
    }

    [Fact]
    public async Task Runs_ShowsAnHtmlTableOfTheExperimentsRuns()
    {
        (await k.SubmitAsync("#!track start --experiment listing --name listed\n#!track metric acc=0.91\n#!track end")).Succeeded();
        var events = await k.SubmitAsync("#!track runs --experiment listing --filter \"metrics.acc > 0.9\"");
        events.Succeeded();
        var html = events.Displayed("text/html");
        Assert.Contains("<table", html);
        Assert.Contains("listed", html);
        Assert.Contains("0.91", html);
    }

    [Fact]
    public async Task Compare_ShowsDifferingRowsInBold()
    {
        (await k.SubmitAsync("#!track start --experiment cmp\n#!track param lr=0.1\n#!track end")).Succeeded();
        var a = (await LastRunAsync("cmp")).RunId;
        (await k.SubmitAsync("#!track start --experiment cmp\n#!track param lr=0.2\n#!track end")).Succeeded();
        var b = (await LastRunAsync("cmp")).RunId;
        var events = await k.SubmitAsync($"#!track compare {a} {b}");
        events.Succeeded();
        Assert.Contains("<tr class=\"differs\"><td>params.lr</td><td>0.1</td><td>0.2</td>", events.Displayed("text/html"));
    }

    [Fact]
    public async Task UnknownSubcommand_FailsNamingTheValidOnes()
    {
        var failure = (await k.SubmitAsync("#!track strat --experiment x")).Failure();
        Assert.Equal("unknown subcommand 'strat' for #!track; use one of: start, param, metric, tag, artifact, end, runs, compare, chart", failure);
    }

    [Fact]
    public async Task UnknownOption_FailsNamingTheValidOnes()
    {
        var failure = (await k.SubmitAsync("#!track start --experiment x --nme r")).Failure();
        Assert.Equal("unknown option '--nme' for #!track start; valid options: --experiment, --name, --nested", failure);
    }

    [Fact]
    public async Task BareTrack_FailsNamingTheSubcommands()
    {
        var failure = (await k.SubmitAsync("#!track")).Failure();
        Assert.StartsWith("#!track needs a subcommand; use one of: start, param", failure);
    }

    [Fact]
    public async Task MetricWithoutRun_FailsWithTheFix()
    {
        var failure = (await k.SubmitAsync("#!track metric acc=0.9")).Failure();
        Assert.Contains("no run is active; start one with `#!track start --experiment NAME`", failure);
    }

    [Fact]
    public async Task MetricThatIsNotANumber_FailsWithAnExample()
    {
        (await k.SubmitAsync("#!track start --experiment nan")).Succeeded();
        var failure = (await k.SubmitAsync("#!track metric acc=high")).Failure();
        (await k.SubmitAsync("#!track end --status FAILED")).Succeeded();
        Assert.Equal("metric 'acc=high' is not a number; write e.g. `#!track metric acc=0.93 --step 1`", failure);
        Assert.Equal(RunStatus.Failed, (await LastRunAsync("nan")).Info.Status);
    }

    [Fact]
    public async Task Artifact_StoresTheFileUnderTheRun()
    {
        var file = Path.Combine(k.Dir, "notes.txt");
        await File.WriteAllTextAsync(file, "hello");
        (await k.SubmitAsync("#!track start --experiment art")).Succeeded();
        (await k.SubmitAsync($"#!track artifact \"{file}\" --to docs")).Succeeded();
        (await k.SubmitAsync("#!track end")).Succeeded();
        var entries = await k.Workspace.Tracking.ListArtifactsAsync((await LastRunAsync("art")).RunId);
        Assert.Equal("docs/notes.txt", Assert.Single(entries).Path);
    }
}
