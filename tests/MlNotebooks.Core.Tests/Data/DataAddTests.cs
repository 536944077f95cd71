using System.Security.Cryptography;
using System.Text;
using MlNotebooks.Data;

namespace MlNotebooks.Tests.Data;

public sealed class DataAddTests
{
    [Fact]
    public async Task Add_File_WritesTheDvcFileDvc3Writes_ByteForByte()
    {
        await using var p = await DataProject.CreateAsync();
        var file = p.CopyTestFile("iris.csv", "data/iris.csv");

        var added = await p.Data.AddAsync([file]);

        var md5 = Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file)));
        Assert.Equal("d69a16ea6136ccb02a7c37c66375ebba", md5);
        Assert.Equal("outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  size: 2734\n  hash: md5\n  path: iris.csv\n", p.Read("data/iris.csv.dvc"));
        Assert.Equal("/iris.csv\n", p.Read("data/.gitignore"));
        Assert.Equal("data/iris.csv", Assert.Single(added).WorkspacePath);
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(p.Workspace.Content.Root, "files", "md5", "d6", "9a16ea6136ccb02a7c37c66375ebba")));
    }

    [Fact]
    public async Task Add_Folder_WritesTheManifestDvcComputes_SortedByCodePoint_WithPythonJsonEscapes()
    {
        await using var p = await DataProject.CreateAsync();
        p.Write("ds/a/b", "1\n");
        p.Write("ds/a-b/x", "2\n");
        p.Write("ds/été.txt", "3\n");
        p.Write("ds/Z.txt", "4\n");
        p.Write("ds/a b/q\"uote.txt", "5\n");

        var added = Assert.Single(await p.Data.AddAsync([p.PathOf("ds")]));

        // Known answer computed with Python: json.dumps(sorted(entries, key=relpath), sort_keys=True), as dvc-data does.
        const string expected = "[{\"md5\": \"48a24b70a0b376535542b996af517398\", \"relpath\": \"Z.txt\"}, {\"md5\": \"1dcca23355272056f04fe8bf20edfce0\", \"relpath\": \"a b/q\\\"uote.txt\"}, "
            + "{\"md5\": \"26ab0db90d72e28ad0ba1e22ee510510\", \"relpath\": \"a-b/x\"}, {\"md5\": \"b026324c6904b2a9cb4b88d6d61c81d1\", \"relpath\": \"a/b\"}, "
            + "{\"md5\": \"6d7fce9fee471194aa8b5b6e47267f03\", \"relpath\": \"\\u00e9t\\u00e9.txt\"}]";
        Assert.Equal("4a960e8d40c4fd052166ec44a3a60f6c.dir", added.Output.Md5);
        Assert.Equal(expected, Encoding.UTF8.GetString(File.ReadAllBytes(p.Workspace.Content.GetPath(added.Output.Md5))));
        Assert.Equal("outs:\n- md5: 4a960e8d40c4fd052166ec44a3a60f6c.dir\n  size: 10\n  nfiles: 5\n  hash: md5\n  path: ds\n", p.Read("ds.dvc"));
        Assert.Equal("/ds\n", p.Read(".gitignore"));
    }

    [Fact]
    public async Task Add_AppendsToAnExistingGitignoreOnce_AndSetsUpDvcConfigPointingAtTheCache()
    {
        await using var p = await DataProject.CreateAsync();
        p.Write(".gitignore", "bin/");
        var file = p.CopyTestFile("wine_data.csv", "wine.csv");

        await p.Data.AddAsync([file]);
        await p.Data.AddAsync([file]);

        Assert.Equal("bin/\n/wine.csv\n", p.Read(".gitignore"));
        Assert.Equal("[cache]\n    dir = ../.mlnb/cache\n", p.Read(".dvc/config"));
        Assert.Equal("/config.local\n/tmp\n/cache\n", p.Read(".dvc/.gitignore"));
    }

    [Fact]
    public async Task ReAdd_OfAnUnchangedFile_UsesTheHashCache_InsteadOfReadingIt()
    {
        await using var p = await DataProject.CreateAsync();
        var file = p.Write("f.txt", "original");
        var mtime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc); // whole seconds: restorable exactly
        File.SetLastWriteTimeUtc(file, mtime);
        var first = Assert.Single(await p.Data.AddAsync([file]));

        // Same inode, size and mtime but other bytes: only a rehash could notice, so an unchanged md5 proves none happened.
        await using (var s = new FileStream(file, FileMode.Open, FileAccess.Write)) s.Write("ORIGINAL"u8);
        File.SetLastWriteTimeUtc(file, mtime);
        var second = Assert.Single(await p.Data.AddAsync([file]));

        Assert.Equal(first.Output.Md5, second.Output.Md5);
        File.SetLastWriteTimeUtc(file, mtime.AddSeconds(5));
        var third = Assert.Single(await p.Data.AddAsync([file]));
        Assert.NotEqual(first.Output.Md5, third.Output.Md5);
    }

    [Fact]
    public async Task Add_HashesManyFilesInParallel_AndEveryObjectMatchesItsAddress()
    {
        await using var p = await DataProject.CreateAsync(options: new DataOptions { Parallelism = 4 });
        for (var i = 0; i < 300; i++) p.Write($"many/{i % 7}/f{i}.txt", new string((char)('a' + i % 26), i * 37 % 5000));

        var added = Assert.Single(await p.Data.AddAsync([p.PathOf("many")]));

        Assert.Equal(300, added.Output.NFiles);
        foreach (var f in Directory.EnumerateFiles(p.Workspace.Content.ObjectsRoot, "*", SearchOption.AllDirectories))
            Assert.True(await p.Workspace.Content.VerifyAsync(Path.GetFileName(Path.GetDirectoryName(f)) + Path.GetFileName(f)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(p.Workspace.Content.Root, "tmp")));
    }

    [Theory]
    [InlineData(LinkType.Copy, true)]
    [InlineData(LinkType.Copy, false)]
    [InlineData(LinkType.Hardlink, true)]
    public async Task Add_OfFilesOfEveryLengthAroundTheBlockAndChunkSizes_RecordsTheirTrueMd5(LinkType link, bool directWrites)
    {
        await using var p = await DataProject.CreateAsync(options: new DataOptions { Parallelism = 2, LinkType = link, DirectWrites = directWrites });
        var rng = new Random(5);
        int[] lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, (256 << 10) - 1, 256 << 10, (256 << 10) + 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 100, 3 << 20];
        var all = lengths.Concat(Enumerable.Range(0, 40).Select(_ => rng.Next(0, 200_000))).ToList(); // more files than lanes
        var expected = new Dictionary<string, string>();
        for (var i = 0; i < all.Count; i++)
        {
            var bytes = new byte[all[i]];
            rng.NextBytes(bytes);
            var rel = $"f{i:00}.bin";
            Directory.CreateDirectory(p.PathOf("sizes"));
            await File.WriteAllBytesAsync(p.PathOf("sizes/" + rel), bytes);
            expected[rel] = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(bytes));
        }

        var added = Assert.Single(await p.Data.AddAsync([p.PathOf("sizes")]));

        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).ToList(),
            p.Data.LoadManifest(added.Output.Md5).Select(e => new KeyValuePair<string, string>(e.RelPath, e.Md5)).ToList());
        foreach (var (rel, md5) in expected)
        {
            Assert.True(await p.Workspace.Content.VerifyAsync(md5));
            Assert.Equal(new FileInfo(p.PathOf("sizes/" + rel)).Length, new FileInfo(p.Workspace.Content.GetPath(md5)).Length);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(p.Workspace.Content.Root, "tmp")));
    }

    [Fact]
    public async Task Add_OfAMissingPath_FailsWithOneLineThatNamesIt_AndWritesNothing()
    {
        await using var p = await DataProject.CreateAsync();

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.AddAsync([p.PathOf("nope.csv")]));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("'", e.Message);
        Assert.Contains("nope.csv", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(File.Exists(p.PathOf("nope.csv.dvc")));
    }

    [Fact]
    public async Task Add_OfAFileInsideATrackedFolder_IsRefused_WithTheFolderToAdd()
    {
        await using var p = await DataProject.CreateAsync();
        p.Write("ds/a.txt", "a");
        await p.Data.AddAsync([p.PathOf("ds")]);

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.AddAsync([p.PathOf("ds/a.txt")]));

        Assert.Contains("mlnb data add ds", e.Message);
    }
}
