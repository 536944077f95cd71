using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Tracking;

public abstract partial class TrackingStoreContract
{
    [Fact]
    public async Task Artifacts_FileAndFolder_ListAndDownload_Deduplicated()
    {
        var run = await Client.CreateRunAsync("art");
        var src = TempPath("src");
        Directory.CreateDirectory(Path.Combine(src, "sub"));
        await File.WriteAllTextAsync(Path.Combine(src, "a.txt"), "same bytes");
        await File.WriteAllTextAsync(Path.Combine(src, "sub", "b.txt"), "same bytes");
        await File.WriteAllTextAsync(TempPath("model.onnx"), "model");
        await Client.LogArtifactAsync(run.RunId, src, "reports");
        await Client.LogArtifactAsync(run.RunId, TempPath("model.onnx"), "model");

        var all = await Client.ListArtifactsAsync(run.RunId);
        Assert.Equal(["model/model.onnx", "reports/a.txt", "reports/sub/b.txt"], all.Select(a => a.Path));
        Assert.Equal(all[1].Md5, all[2].Md5);
        var blobs = Directory.EnumerateFiles(Ws.Content.ObjectsRoot, "*", SearchOption.AllDirectories).Count();
        Assert.Equal(2, blobs);

        var dest = TempPath("dl");
        var folder = await Client.DownloadArtifactsAsync(run.RunId, "reports", dest);
        Assert.Equal(Path.Combine(dest, "reports"), folder);
        Assert.Equal("same bytes", await File.ReadAllTextAsync(Path.Combine(dest, "reports", "sub", "b.txt")));
        var file = await Client.DownloadArtifactsAsync(run.RunId, "model/model.onnx", dest);
        Assert.Equal("model", await File.ReadAllTextAsync(file));
        Assert.Equal(Path.Combine(dest, "model.onnx"), file);
    }

    [Fact]
    public async Task Artifacts_CorruptBlob_IsDetectedOnDownload()
    {
        var run = await Client.CreateRunAsync("art");
        await File.WriteAllTextAsync(TempPath("x.txt"), "original");
        var entry = Assert.Single(await Client.LogArtifactAsync(run.RunId, TempPath("x.txt")));
        var blob = Ws.Content.GetPath(entry.Md5);
        File.SetAttributes(blob, FileAttributes.Normal);
        File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(blob, "tampered");
        var e = await Assert.ThrowsAsync<MlnbException>(() => Client.DownloadArtifactsAsync(run.RunId, "x.txt", TempPath("out")));
        Assert.Equal(ErrorCode.DataCorrupted, e.Code);
        Assert.False(File.Exists(Path.Combine(TempPath("out"), "x.txt")));
    }

    [Fact]
    public async Task Artifacts_BadPaths_AreRejected()
    {
        var run = await Client.CreateRunAsync("art");
        await File.WriteAllTextAsync(TempPath("y.txt"), "y");
        await Assert.ThrowsAsync<MlnbException>(() => Client.LogArtifactAsync(run.RunId, TempPath("y.txt"), "../outside"));
        await Assert.ThrowsAsync<MlnbException>(() => Client.LogArtifactAsync(run.RunId, TempPath("missing.txt")));
        var none = await Assert.ThrowsAsync<MlnbException>(() => Client.DownloadArtifactsAsync(run.RunId, "nope", TempPath("o")));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, none.Code);
    }

    [Fact]
    public async Task ActiveRun_BufferedLogging_LosesNothing_AndEndsOnDispose()
    {
        string runId;
        await using (var run = await Client.StartRunAsync("buffered", "loop"))
        {
            runId = run.RunId;
            run.LogParam("epochs", 3);
            for (var step = 0; step < 12_345; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
        }
        var stored = await Client.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal("3", stored.Param("epochs"));
        var history = await Client.GetMetricHistoryAsync(runId, "loss");
        Assert.Equal(12_345, history.Count);
        Assert.Equal(Enumerable.Range(0, 12_345).Select(i => (long)i), history.Select(h => h.Step));
    }

    [Fact]
    public async Task BufferedLogger_ParamConflict_FailsAtOnce()
    {
        await using var run = await Client.StartRunAsync("buffered");
        run.LogParam("lr", "0.1");
        var e = Assert.Throws<MlnbException>(() => run.LogParam("lr", "0.2"));
        Assert.Contains("write-once", e.Message);
    }

    [Fact]
    public async Task BufferedLogger_StoreRejection_SurfacesOnFlush()
    {
        var run = await Client.CreateRunAsync("buffered");
        await Client.EndRunAsync(run.RunId);
        await using var logger = new BufferedRunLogger(Store, run.RunId);
        logger.LogMetric("late", 1);
        var e = await Assert.ThrowsAsync<MlnbException>(() => logger.FlushAsync());
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        await Assert.ThrowsAsync<MlnbException>(async () => await logger.DisposeAsync());
    }
}
