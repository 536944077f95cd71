using MlNotebooks.Data;
using MlNotebooks.Tracking;

namespace MlNotebooks.Tests.Data;

public sealed class DataDiffGcTests
{
    [Fact]
    public async Task Diff_BetweenTwoGitRevisions_ListsAddedDeletedAndModifiedFiles()
    {
        await using var p = await DataProject.CreateAsync(git: true);
        p.Write("ds/keep.txt", "same");
        p.Write("ds/change.txt", "v1");
        p.Write("ds/drop.txt", "bye");
        await p.Data.AddAsync([p.PathOf("ds")]);
        p.Git("add", "-A");
        p.Git("commit", "-qm", "v1");
        p.Write("ds/change.txt", "v2");
        File.Delete(p.PathOf("ds/drop.txt"));
        p.Write("ds/new/added.txt", "hi");
        await p.Data.AddAsync([p.PathOf("ds")]);
        p.Git("add", "-A");
        p.Git("commit", "-qm", "v2");

        var diff = await p.Data.DiffAsync("HEAD~1", "HEAD");

        Assert.Equal(
            [("ds/change.txt", DataChange.Modified), ("ds/drop.txt", DataChange.Deleted), ("ds/new/added.txt", DataChange.Added)],
            diff.Select(d => (d.Path, d.Change)).ToArray());
        Assert.Empty(await p.Data.DiffAsync());
        var e = await Assert.ThrowsAsync<MlnbException>(() => p.Data.DiffAsync("no-such-branch"));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Gc_RemovesOnlyObjectsNothingRefersTo_KeepingOldCommitsAndRunArtifacts()
    {
        await using var p = await DataProject.CreateAsync(git: true);
        p.Write("d.txt", "committed version");
        await p.Data.AddAsync([p.PathOf("d.txt")]);
        var committed = p.Data.Resolve(p.PathOf("d.txt")).Md5;
        p.Git("add", "-A");
        p.Git("commit", "-qm", "v1");
        p.Write("d.txt", "abandoned version");
        await p.Data.AddAsync([p.PathOf("d.txt")]);
        var abandoned = p.Data.Resolve(p.PathOf("d.txt")).Md5;
        p.Write("d.txt", "current version");
        await p.Data.AddAsync([p.PathOf("d.txt")]);
        var current = p.Data.Resolve(p.PathOf("d.txt")).Md5;
        var run = await p.Workspace.Tracking.CreateRunAsync();
        var artifact = await p.Workspace.Tracking.LogArtifactBytesAsync(run.Info.RunId, "model.bin", "weights"u8.ToArray());

        var dry = await p.Data.GcAsync(dryRun: true);
        Assert.Equal([abandoned], dry.Removed);
        Assert.True(p.Workspace.Content.Contains(abandoned));

        var r = await p.Data.GcAsync();
        Assert.Equal([abandoned], r.Removed);
        Assert.False(p.Workspace.Content.Contains(abandoned));
        Assert.True(p.Workspace.Content.Contains(committed));
        Assert.True(p.Workspace.Content.Contains(current));
        Assert.True(p.Workspace.Content.Contains(artifact.Md5));

        var workspaceOnly = await p.Data.GcAsync(workspaceOnly: true);
        Assert.Equal([committed], workspaceOnly.Removed);
    }
}
