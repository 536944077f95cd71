using System.Diagnostics;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Tests.Tracking;

/// <summary>The buffered logger writes its queue when the process exits, whether Main returns or SIGTERM arrives.</summary>
public sealed class BufferedLoggerProcessExitTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("return")]
    [InlineData("sigterm")]
    public async Task QueuedPoints_AreWritten_OnProcessExit(string mode)
    {
        var uri = StoreFactory.SqliteUri(_dir);
        string runId;
        await using (var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, ContentRoot = _dir.File("cache"), Environment = _ => null }))
            runId = (await ws.Tracking.CreateRunAsync("exit")).RunId;

        const int points = 50_000;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "MlNotebooks.Core.Tests.ExitApp.dll"), uri, runId, points.ToString(System.Globalization.CultureInfo.InvariantCulture), mode })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (mode == "sigterm")
        {
            Assert.Equal("ready", await p.StandardOutput.ReadLineAsync());
            using var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        await p.WaitForExitAsync();
        Assert.True(string.IsNullOrWhiteSpace(await p.StandardError.ReadToEndAsync()));

        await using var check = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = uri, ContentRoot = _dir.File("cache"), Environment = _ => null });
        var history = await check.Tracking.GetMetricHistoryAsync(runId, "loss");
        Assert.Equal(points, history.Count);
    }
}
