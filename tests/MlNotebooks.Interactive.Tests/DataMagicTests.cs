using MlNotebooks.Interactive.Tests.Support;
using MlNotebooks.Tracking;

namespace MlNotebooks.Interactive.Tests;

[Collection(KernelCollection.Name)]
public sealed class DataMagicTests
{
    private readonly KernelFixture k;

    public DataMagicTests(KernelFixture fixture)
    {
        k = fixture;
        TrackingSession.Shared.EndAllAsync(RunStatus.Killed).GetAwaiter().GetResult(); // no run left over from another test
    }

    /// <summary>A copy of the repository's breast_cancer.csv under the workspace's data/ folder, named for the test.</summary>
    private string CopyDataset(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "data", "breast_cancer.csv"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var target = Path.Combine(k.Dir, "data", name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(dir.FullName, "data", "breast_cancer.csv"), target, overwrite: true);
        return target;
    }

    [Fact]
    public void Loading_ShowsHelpNamingEveryDataSubcommand()
    {
        var help = k.LoadEvents.Displayed("text/markdown");
        foreach (var sub in new[] { "add", "status", "checkout", "ls", "diff", "push", "pull", "use" })
            Assert.Contains($"#!data {sub}", help);
    }

    [Fact]
    public async Task AddThenStatus_ShowsTheFileTrackedAndWritesItsPointerFile()
    {
        var file = CopyDataset("added.csv");
        var add = await k.SubmitAsync($"#!data add \"{file}\"");
        add.Succeeded();
        Assert.True(File.Exists(file + ".dvc"));
        Assert.Contains("data/added.csv", add.Displayed("text/html"));

        var status = await k.SubmitAsync("#!data status");
        status.Succeeded();
        var html = status.Displayed("text/html");
        Assert.Contains("<table>", html);
        Assert.Contains("<tr><td>data/added.csv</td><td>Unchanged</td><td>data/added.csv.dvc</td></tr>", html);

        var ls = await k.SubmitAsync("#!data ls");
        ls.Succeeded();
        Assert.Contains("data/added.csv", ls.Displayed("text/html"));
    }

    [Fact]
    public async Task CheckoutAfterDelete_RestoresTheFile()
    {
        var file = CopyDataset("restored.csv");
        (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        (await k.SubmitAsync($"#!data checkout \"{file}\"")).Succeeded();
        Assert.Equal(bytes, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task UseDuringARun_RecordsTheDataVersionAsARunInput()
    {
        var file = CopyDataset("used.csv");
        (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
        (await k.SubmitAsync("#!track start --experiment data-lineage")).Succeeded();
        var runId = TrackingSession.Shared.Current!.RunId;
        var use = await k.SubmitAsync($"#!data use \"{file}\"");
        use.Succeeded();
        (await k.SubmitAsync("#!track end")).Succeeded();

        var input = Assert.Single((await k.Workspace.Tracking.GetRunAsync(runId)).Inputs);
        Assert.Equal("data/used.csv", input.Name);
        Assert.Equal("dvc", input.SourceType);
        Assert.Contains(input.Digest, await File.ReadAllTextAsync(file + ".dvc"));
        Assert.Contains($"recorded 1 input(s) of run {runId[..8]}", use.Displayed("text/html"));
    }

    [Fact]
    public async Task UseWithoutARun_FailsWithTheFix()
    {
        var failure = (await k.SubmitAsync("#!data use data/x.csv")).Failure();
        Assert.Contains("no run is active; start one with `#!track start --experiment NAME`", failure);
    }

    [Fact]
    public async Task AddOfAMissingFile_FailsNamingThePath()
    {
        var missing = Path.Combine(k.Dir, "data", "missing.csv");
        var failure = (await k.SubmitAsync($"#!data add \"{missing}\"")).Failure();
        Assert.Equal($"'{missing}' does not exist; check the path (run `mlnb data checkout {missing}` to restore a tracked version)", failure);
    }

    [Fact]
    public async Task UnknownSubcommand_FailsNamingTheValidOnes()
    {
        var failure = (await k.SubmitAsync("#!data ad x.csv")).Failure();
        Assert.Equal("unknown subcommand 'ad' for #!data; use one of: add, status, checkout, ls, diff, push, pull, fetch, gc, remote, use", failure);
    }

    [Fact]
    public async Task UnknownOption_FailsNamingTheValidOnes()
    {
        var failure = (await k.SubmitAsync("#!data push --remot origin")).Failure();
        Assert.Equal("unknown option '--remot' for #!data push; valid options: --path, --remote", failure);
    }

    [Fact]
    public async Task BareData_FailsNamingTheSubcommands()
    {
        var failure = (await k.SubmitAsync("#!data")).Failure();
        Assert.StartsWith("#!data needs a subcommand; use one of: add, status", failure);
    }
}
