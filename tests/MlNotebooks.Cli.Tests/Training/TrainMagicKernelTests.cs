using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Interactive;
using MlNotebooks.Interactive.Processes;
using MlNotebooks.Tracking;

namespace MlNotebooks.Cli.Tests.Training;

/// <summary>One real kernel with the extension loaded and one project folder, shared by the tests of a class (a C# kernel costs seconds to start).</summary>
public sealed class TrainKernelFixture : IAsyncLifetime
{
    public TrainProject Project { get; private set; } = null!;

    public CompositeKernel Kernel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(MlnbCli.Variable, MlnbProcess.DllPath);
        Project = await TrainProject.CreateAsync();
        await TrackingSession.Shared.ResetAsync();
        TrackingSession.Shared.TrackingUri = null;
        TrackingSession.Shared.StartDirectory = Project.Path;
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        Kernel = new CompositeKernel { csharp };
        Kernel.DefaultKernelName = csharp.Name;
        await MlNotebooksKernelExtension.LoadAsync(Kernel);
    }

    public async Task DisposeAsync()
    {
        await TrackingSession.Shared.ResetAsync();
        Kernel.Dispose();
        Project.Dispose();
    }
}

/// <summary>
/// #!train on a real kernel in this process (so its events can be counted), training through the mlnb.dll built next
/// to the tests (MLNB_CLI): the live chart, nesting, cancellation and bad input. Each test trains in its own experiment.
/// </summary>
[Collection(SharedSessionCollection.Name)]
public sealed class TrainMagicKernelTests : IClassFixture<TrainKernelFixture>
{
    private readonly TrainProject _project;
    private readonly CompositeKernel _kernel;

    public TrainMagicKernelTests(TrainKernelFixture fixture)
    {
        (_project, _kernel) = (fixture.Project, fixture.Kernel);
        TrackingSession.Shared.EndAllAsync(RunStatus.Killed).GetAwaiter().GetResult(); // no run left over from another test
    }

    private async Task<IReadOnlyList<KernelEvent>> SubmitAsync(string code) => (await _kernel.SendAsync(new SubmitCode(code))).Events;

    private static string? Failure(IReadOnlyList<KernelEvent> events) => events.OfType<CommandFailed>().FirstOrDefault()?.Message;

    [Fact]
    public async Task TheLiveChart_IsDisplayedOnce_AndUpdatedOncePerEpoch_UnderTheActiveRun()
    {
        Assert.Null(Failure(await SubmitAsync("#!track start --experiment live")));
        var parent = TrackingSession.Shared.Current!.RunId;

        var events = await SubmitAsync($"#!train \"{_project.File("def.cs")}\" --epochs 4 --device cpu --data \"{_project.File("breast_cancer.csv")}\"");

        Assert.Null(Failure(events));
        var chart = Assert.Single(events.OfType<DisplayedValueProduced>(), e => e.FormattedValues.Any(f => f.Value.Contains("mlnb-chart")));
        var updates = events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == chart.ValueId).ToList();
        Assert.Equal(4, updates.Count);
        Assert.Contains("epoch 0/4", chart.FormattedValues.Single(f => f.MimeType == "text/plain").Value);
        Assert.Contains("epoch 4/4", updates[^1].FormattedValues.Single(f => f.MimeType == "text/plain").Value);
        Assert.Contains("train_loss: 4 point(s)", updates[^1].FormattedValues.Single(f => f.MimeType == "text/plain").Value);
        var summary = string.Concat(events.OfType<DisplayedValueProduced>().SelectMany(e => e.FormattedValues).Where(f => f.MimeType == "text/plain").Select(f => f.Value));
        Assert.Contains($"child of run {parent}", summary);
        await using var ws = await _project.OpenAsync();
        var child = Assert.Single((await ws.Tracking.SearchRunsAsync(["live"], $"tags.mlflow.parentRunId = '{parent}'")).Items);
        Assert.Equal(RunStatus.Finished, child.Info.Status);
        Assert.Equal(4, (await ws.Tracking.GetMetricHistoryAsync(child.RunId, "epoch_train_loss")).Count);
    }

    [Fact]
    public async Task AnUnknownOption_FailsTheCellNamingTheValidOnes()
    {
        var message = Failure(await SubmitAsync("#!train def.cs --epoch 3"));
        Assert.Equal("unknown option '--epoch' for #!train; valid options: --definition, --device, --epochs, --dtype, --param, --data, --label, --features, --task, --experiment, --name", message);
    }

    [Fact]
    public async Task AMissingDefinitionFile_FailsNamingIt()
    {
        var message = Failure(await SubmitAsync("#!train missing.cs --epochs 1"));
        Assert.StartsWith("definition file 'missing.cs' does not exist", message);
    }

    [Fact]
    public async Task CudaWithoutAGpu_FailsWithTheChildsOneLineError_AndTheRunIsFailed()
    {
        var message = Failure(await SubmitAsync($"#!train \"{_project.File("def.cs")}\" --device cuda --experiment cuda --data \"{_project.File("breast_cancer.csv")}\""));
        Assert.NotNull(message);
        Assert.StartsWith("--device cuda: no CUDA device can be used here", message);
        Assert.DoesNotContain('\n', message);
        await using var ws = await _project.OpenAsync();
        var run = Assert.Single((await ws.Tracking.SearchRunsAsync(["cuda"])).Items);
        Assert.Equal(RunStatus.Failed, run.Info.Status);
    }

    [Fact]
    public async Task ACellDefinitionThatDoesNotCompile_NamesTheCellLine()
    {
        var message = Failure(await SubmitAsync($"#!train --data \"{_project.File("breast_cancer.csv")}\"\nvar data = Data();\nreturn new TrainingJob {{ Data = data, Model = () => Sequential() }};"));
        Assert.NotNull(message);
        Assert.Contains("'cell.cs' does not compile: cell.cs(3,", message);
        Assert.Contains("Sequential", message);
    }

    [Fact]
    public async Task CancellingTheCell_KillsTheTraining_AndEndsItsRunKilled()
    {
        using var cts = new CancellationTokenSource();
        using var firstEpoch = _kernel.KernelEvents.Subscribe(e => { if (e is DisplayedValueUpdated) cts.Cancel(); });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _kernel.SendAsync(new SubmitCode($"#!train \"{_project.File("def.cs")}\" --epochs 100000 --device cpu --experiment cancelled --data \"{_project.File("breast_cancer.csv")}\""), cts.Token));

        // The handler kills the child and ends its run after the kernel has returned: wait for that.
        await using var ws = await _project.OpenAsync();
        Run run;
        do
        {
            await Task.Delay(100);
            run = Assert.Single((await ws.Tracking.SearchRunsAsync(["cancelled"])).Items);
        }
        while (run.Info.Status == RunStatus.Running);
        Assert.Equal(RunStatus.Killed, run.Info.Status);
        Assert.InRange((await ws.Tracking.GetMetricHistoryAsync(run.RunId, "val_loss")).Count, 1, 99_999);
    }
}
