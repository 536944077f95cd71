using MlNotebooks.Data;

namespace MlNotebooks.Tests.Data;

public sealed class DataCheckoutTests
{
    [Fact]
    public async Task Status_ReportsModifiedDeletedAndNotInCache()
    {
        await using var p = await DataProject.CreateAsync();
        p.CopyTestFile("iris.csv", "iris.csv");
        p.CopyTestFile("wine_data.csv", "ds/wine.csv");
        p.Write("gone.txt", "x");
        p.Write("uncached.txt", "y");
        await p.Data.AddAsync([p.PathOf("iris.csv"), p.PathOf("ds"), p.PathOf("gone.txt"), p.PathOf("uncached.txt")]);

        File.AppendAllText(p.PathOf("ds/wine.csv"), "1,2,3\n");
        File.Delete(p.PathOf("gone.txt"));
        File.Delete(p.Workspace.Content.GetPath(p.Data.Resolve(p.PathOf("uncached.txt")).Md5));
        var status = (await p.Data.StatusAsync()).ToDictionary(s => s.Data.WorkspacePath, s => s.State);

        Assert.Equal(DataState.Unchanged, status["iris.csv"]);
        Assert.Equal(DataState.Modified, status["ds"]);
        Assert.Equal(DataState.Deleted, status["gone.txt"]);
        Assert.Equal(DataState.NotInCache, status["uncached.txt"]);
    }

    [Fact]
    public async Task Checkout_RestoresDeletedAndChangedFiles_FromTheCache()
    {
        await using var p = await DataProject.CreateAsync();
        p.CopyTestFile("seattle-weather.csv", "ds/weather.csv");
        p.CopyTestFile("iris.csv", "ds/sub/iris.csv");
        await p.Data.AddAsync([p.PathOf("ds")]);
        var original = File.ReadAllBytes(p.PathOf("ds/weather.csv"));
        Directory.Delete(p.PathOf("ds"), recursive: true);

        var r = await p.Data.CheckoutAsync();

        Assert.Equal(2, r.Written);
        Assert.Equal(original, File.ReadAllBytes(p.PathOf("ds/weather.csv")));
        Assert.True(File.Exists(p.PathOf("ds/sub/iris.csv")));
        Assert.Equal(2, (await p.Data.CheckoutAsync()).Unchanged);
    }

    [Fact]
    public async Task Checkout_NeverOverwritesChangesThatAreNotInTheCache_UnlessForced()
    {
        await using var p = await DataProject.CreateAsync();
        p.Write("ds/a.txt", "v1");
        await p.Data.AddAsync([p.PathOf("ds")]);
        p.Write("ds/a.txt", "precious edit");
        p.Write("ds/new.txt", "new file");

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.CheckoutAsync());
        Assert.Equal(ErrorCode.InvalidState, e.Code);
        Assert.Contains("mlnb data add", e.Message);
        Assert.Equal("precious edit", p.Read("ds/a.txt"));

        var r = await p.Data.CheckoutAsync(force: true);
        Assert.Equal("v1", p.Read("ds/a.txt"));
        Assert.Equal(1, r.Removed);
    }

    [Fact]
    public async Task Checkout_KeepsUntrackedFilesInATrackedFolder_AndReportsThem()
    {
        await using var p = await DataProject.CreateAsync();
        p.Write("ds/a.txt", "v1");
        await p.Data.AddAsync([p.PathOf("ds")]);
        p.Write("ds/untracked.txt", "mine");

        var r = await p.Data.CheckoutAsync();

        Assert.Equal(["ds/untracked.txt"], r.KeptUntracked);
        Assert.Equal("mine", p.Read("ds/untracked.txt"));
    }

    [Fact]
    public async Task Checkout_DetectsACorruptedCacheObject_AndReportsIt_WithoutWritingIt()
    {
        await using var p = await DataProject.CreateAsync();
        p.CopyTestFile("iris.csv", "iris.csv");
        var t = Assert.Single(await p.Data.AddAsync([p.PathOf("iris.csv")]));
        var obj = p.Workspace.Content.GetPath(t.Output.Md5);
        File.SetAttributes(obj, FileAttributes.Normal);
        File.WriteAllText(obj, "not iris");
        File.Delete(p.PathOf("iris.csv"));

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.CheckoutAsync());

        Assert.Equal(ErrorCode.DataCorrupted, e.Code);
        Assert.Contains(t.Output.Md5, e.Message);
        Assert.False(File.Exists(p.PathOf("iris.csv")));
    }

    [Fact]
    public async Task Checkout_WithHardlinks_SharesTheCacheObject()
    {
        await using var p = await DataProject.CreateAsync(options: new DataOptions { LinkType = LinkType.Hardlink });
        p.Write("big.bin", new string('z', 100_000));
        await p.Data.AddAsync([p.PathOf("big.bin")]);
        File.Delete(p.PathOf("big.bin"));

        await p.Data.CheckoutAsync();

        Assert.Equal(new string('z', 100_000), p.Read("big.bin"));
        File.Delete(p.PathOf("big.bin"));
        Assert.True(p.Workspace.Content.Contains(p.Data.Resolve(p.PathOf("big.bin")).Md5));
    }

    [Fact]
    public async Task Open_ReadsAFileInsideATrackedFolder_AtAnOlderGitRevision()
    {
        await using var p = await DataProject.CreateAsync(git: true);
        p.Write("ds/a.txt", "version 1");
        await p.Data.AddAsync([p.PathOf("ds")]);
        p.Git("add", "-A");
        p.Git("commit", "-qm", "v1");
        p.Write("ds/a.txt", "version 2");
        await p.Data.AddAsync([p.PathOf("ds")]);

        using (var old = new StreamReader(p.Data.Open(p.PathOf("ds/a.txt"), "HEAD"))) Assert.Equal("version 1", old.ReadToEnd());
        using (var now = new StreamReader(p.Data.Open(p.PathOf("ds/a.txt")))) Assert.Equal("version 2", now.ReadToEnd());
    }
}
