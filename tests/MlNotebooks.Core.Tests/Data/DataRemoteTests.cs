using MlNotebooks.Data;

namespace MlNotebooks.Tests.Data;

public sealed class DataRemoteTests
{
    private static async Task<(DataProject Source, DataProject Clone)> PushedAsync(string remoteUrl, Action<DataClient>? configure = null)
    {
        var src = await DataProject.CreateAsync();
        src.CopyTestFile("iris.csv", "data/iris.csv");
        src.CopyTestFile("wine_data.csv", "data/raw/wine.csv");
        src.CopyTestFile("seattle-weather.csv", "data/raw/weather/seattle.csv");
        await src.Data.AddAsync([src.PathOf("data/iris.csv"), src.PathOf("data/raw")]);
        src.Data.AddRemote("origin", remoteUrl, makeDefault: true);
        configure?.Invoke(src.Data);
        var clone = await DataProject.CreateAsync();
        foreach (var f in new[] { "data/iris.csv.dvc", "data/raw.dvc", ".dvc/config" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(clone.PathOf(f))!);
            File.Copy(src.PathOf(f), clone.PathOf(f));
        }
        if (File.Exists(src.PathOf(".dvc/config.local"))) File.Copy(src.PathOf(".dvc/config.local"), clone.PathOf(".dvc/config.local"));
        return (src, clone);
    }

    [Fact]
    public async Task PushThenPull_ThroughAFolderRemote_RecreatesTheDataInAnotherWorkspace_TransferringOnlyWhatIsMissing()
    {
        using var remote = new Support.TempDir();
        var (src, clone) = await PushedAsync(remote.Path);
        await using var _ = src;
        await using var __ = clone;

        var pushed = await src.Data.PushAsync();
        var again = await src.Data.PushAsync();
        var (fetched, checkout) = await clone.Data.PullAsync();

        Assert.Equal(4, pushed.Transferred); // 3 files + the .dir manifest of data/raw
        Assert.Equal(0, again.Transferred);
        Assert.Equal(4, again.AlreadyThere);
        Assert.Equal(4, fetched.Transferred);
        Assert.Equal(3, checkout.Written);
        Assert.Equal(File.ReadAllBytes(src.PathOf("data/raw/weather/seattle.csv")), File.ReadAllBytes(clone.PathOf("data/raw/weather/seattle.csv")));
        Assert.True(File.Exists(Path.Combine(remote.Path, "files", "md5", "d6", "9a16ea6136ccb02a7c37c66375ebba")));
        Assert.Equal(0, (await clone.Data.FetchAsync()).Transferred);
    }

    [Fact]
    public async Task Push_DetectsACorruptedCacheObject_AndDoesNotSendIt()
    {
        using var remote = new Support.TempDir();
        var (src, clone) = await PushedAsync(remote.Path);
        await using var _ = src;
        await using var __ = clone;
        var obj = src.Workspace.Content.GetPath("d69a16ea6136ccb02a7c37c66375ebba");
        File.SetAttributes(obj, FileAttributes.Normal);
        File.WriteAllText(obj, "rotten");

        var e = await Assert.ThrowsAsync<MlnbException>(() => src.Data.PushAsync());

        Assert.Equal(ErrorCode.DataCorrupted, e.Code);
        Assert.Contains("d69a16ea6136ccb02a7c37c66375ebba", e.Message);
        Assert.False(File.Exists(Path.Combine(remote.Path, "files", "md5", "d6", "9a16ea6136ccb02a7c37c66375ebba")));
    }

    [Fact]
    public async Task AnInterruptedFetch_LeavesNoPartialObject_AndTheNextFetchCompletes()
    {
        using var remote = new Support.TempDir();
        var (src, clone) = await PushedAsync(remote.Path);
        await using var _ = src;
        await using var __ = clone;
        await src.Data.PushAsync();
        using var cts = new CancellationTokenSource();
        var progress = new CancelAfterFirst(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => clone.Data.FetchAsync(progress: progress, cancellationToken: cts.Token));
        foreach (var f in Directory.EnumerateFiles(clone.Workspace.Content.ObjectsRoot, "*", SearchOption.AllDirectories))
            Assert.True(await clone.Workspace.Content.VerifyAsync(Path.GetFileName(Path.GetDirectoryName(f)) + Path.GetFileName(f)));
        var rest = await clone.Data.FetchAsync();

        Assert.True(rest.Transferred > 0);
        Assert.Equal(3, Directory.EnumerateFiles(clone.Workspace.Content.ObjectsRoot, "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".dir")));
    }

    [Fact]
    public async Task AMissingRemoteFolder_IsAOneLineUnavailableError()
    {
        var (src, clone) = await PushedAsync("/nonexistent/mlnb-remote");
        await using var _ = src;
        await using var __ = clone;

        var e = await Assert.ThrowsAsync<MlnbException>(() => src.Data.PushAsync());

        Assert.Equal(ErrorCode.StoreUnavailable, e.Code);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task RemoteAdd_WritesDvcConfigAsDvcDoes_WithARelativeFolderRelativeToDotDvc()
    {
        await using var p = await DataProject.CreateAsync();
        Directory.CreateDirectory(p.PathOf("store"));

        p.Data.AddRemote("local", p.PathOf("store"), makeDefault: true);
        p.Data.ModifyRemote("local", "endpointurl", "http://x");

        Assert.Equal($"[cache]\n    dir = ../.mlnb/cache\n['remote \"local\"']\n    url = {p.PathOf("store")}\n    endpointurl = http://x\n[core]\n    remote = local\n", p.Read(".dvc/config"));
        var e = Assert.Throws<MlnbException>(() => p.Data.AddRemote("local", "/tmp/x"));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, e.Code);
    }

    private sealed class CancelAfterFirst(CancellationTokenSource cts) : IProgress<DataProgress>
    {
        public void Report(DataProgress value) => cts.Cancel();
    }
}
