using System.Text;
using MlNotebooks.Data;

namespace MlNotebooks.Tests.Data;

public sealed class DataBadInputTests
{
    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("/etc/evil")]
    [InlineData("a/../../x")]
    public async Task Checkout_RejectsAManifestThatEscapesItsFolder_AndWritesNothing(string relpath)
    {
        await using var p = await DataProject.CreateAsync();
        var json = "[{\"md5\": \"b026324c6904b2a9cb4b88d6d61c81d1\", \"relpath\": \"" + relpath + "\"}]";
        var bytes = Encoding.UTF8.GetBytes(json);
        var address = DirManifest.Address(bytes);
        await using (var s = new MemoryStream("1\n"u8.ToArray())) await p.Workspace.Content.AddStreamAsync(s);
        FileHasher.StoreBytes(p.Workspace.Content, address, bytes);
        p.Write("ds.dvc", $"outs:\n- md5: {address}\n  size: 2\n  nfiles: 1\n  hash: md5\n  path: ds\n");

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.CheckoutAsync());

        Assert.Equal(ErrorCode.DataCorrupted, e.Code);
        Assert.Contains(relpath, e.Message);
        Assert.False(File.Exists(Path.Combine(p.Root, "escape.txt")));
        Assert.False(Directory.Exists(p.PathOf("ds")));
    }

    [Theory]
    [InlineData("outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  size: 2734\n  hash: md5\n  path: iris.csv\n  colour: red\n", "unknown field 'colour'")]
    [InlineData("outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  hash: md5\n  path: iris.csv\nextra: 1\n", "unknown field 'extra'")]
    [InlineData("outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  hash: sha256\n  path: iris.csv\n", "hash type 'sha256'")]
    [InlineData("outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  path: iris.csv\n", "DVC 2")]
    [InlineData("outs: [unclosed\n", "not valid YAML")]
    [InlineData("outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  hash: md5\n  path: ../outside.csv\n", "unsafe path")]
    public async Task ADvcFileItCannotFollow_GivesOneLineNamingTheFileAndTheProblem(string text, string expected)
    {
        await using var p = await DataProject.CreateAsync();
        p.Write("iris.csv.dvc", text);

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.StatusAsync());

        Assert.Equal(ErrorCode.DataCorrupted, e.Code);
        Assert.Contains(expected, e.Message);
        Assert.Contains("iris.csv.dvc", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(text, p.Read("iris.csv.dvc"));
    }

    [Fact]
    public async Task Checkout_OfDataWhoseObjectsAreNotInTheCache_SaysToPull()
    {
        await using var p = await DataProject.CreateAsync();
        p.Write("x.dvc", "outs:\n- md5: d69a16ea6136ccb02a7c37c66375ebba\n  size: 2734\n  hash: md5\n  path: x\n");

        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.CheckoutAsync());

        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("mlnb data pull", e.Message);
    }
}
