using System.Diagnostics;
using Microsoft.DotNet.Interactive.Events;
using MlNotebooks.Data;
using MlNotebooks.Interactive.Tests.Support;

namespace MlNotebooks.Interactive.Tests;

/// <summary><c>#!data diff</c> over a real git repository, <c>push</c>/<c>pull</c> through real remotes, and the progress display.</summary>
[Collection(KernelCollection.Name)]
public sealed class DataMagicTransferTests(KernelFixture k)
{
    private const string Md5Column = "<th>path</th><th>md5</th>";

    /// <summary>A file of known text under the workspace's data/ folder.</summary>
    private string WriteData(string name, string text)
    {
        var path = Path.Combine(k.Dir, "data", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private string Md5Of(string file) => DvcOutput(file).Md5;

    private DataOutput DvcOutput(string file) =>
        k.Workspace.Data.ListTracked().Single(t => k.Workspace.Data.Root + "/" + t.WorkspacePath == file).Output;

    /// <summary>Runs <paramref name="body"/> with one remote configured, then restores the project's remote configuration.</summary>
    private Task WithRemoteAsync(string name, string url, Func<Task> body, params (string Key, string Value, bool Local)[] options) =>
        KeepingRemoteConfigAsync(async () =>
        {
            k.Workspace.Data.AddRemote(name, url);
            foreach (var (key, value, local) in options) k.Workspace.Data.ModifyRemote(name, key, value, local);
            await body();
        });

    /// <summary>Runs <paramref name="body"/>, then restores the project's remote configuration as it was.</summary>
    private async Task KeepingRemoteConfigAsync(Func<Task> body)
    {
        var configs = new[] { "config", "config.local" }.Select(f => Path.Combine(k.Dir, ".dvc", f)).ToList();
        var saved = configs.ToDictionary(c => c, c => File.Exists(c) ? File.ReadAllText(c) : null);
        try
        {
            await body();
        }
        finally
        {
            foreach (var (path, text) in saved)
                if (text is null) File.Delete(path); else File.WriteAllText(path, text);
        }
    }

    private static string TempFolder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mlnb-remote-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    private void Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = k.Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "user.name=test", "-c", "user.email=test@example.com" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {err}");
    }

    [Fact]
    public async Task Diff_BetweenTwoCommits_ShowsTheModifiedFileWithBothHashes()
    {
        var file = WriteData("diffed.csv", "a,b\n1,2\n");
        (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
        var before = Md5Of(file);
        Git("init", "-q");
        Git("add", "data/diffed.csv.dvc");
        Git("commit", "-q", "-m", "first version");
        File.AppendAllText(file, "3,4\n");
        (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
        var after = Md5Of(file);
        Git("add", "data/diffed.csv.dvc");
        Git("commit", "-q", "-m", "second version");

        var diff = await k.SubmitAsync("#!data diff --a HEAD~1 --b HEAD");

        diff.Succeeded();
        var html = diff.Displayed("text/html");
        Assert.Contains("1 change(s) from HEAD~1 to HEAD", html);
        Assert.Contains($"<tr><td>data/diffed.csv</td><td>Modified</td><td>{before}</td><td>{after}</td></tr>", html);
    }

    [Fact]
    public async Task Add_ShowsAProgressDisplayUpdatedInPlace_ThenTheTable()
    {
        var file = WriteData("progress.csv", "x\n1\n2\n3\n");

        var add = await k.SubmitAsync($"#!data add \"{file}\"");

        add.Succeeded();
        Assert.Matches(@"^add: hashing 1/1 files, 0\.0/0\.0 MiB, [0-9.]+ MiB/s — done$", FinalProgress(add, "add"));
        Assert.Contains(Md5Column, add.OfType<DisplayedValueProduced>().Last().FormattedValues.Single(f => f.MimeType == "text/html").Value);
    }

    [Fact]
    public async Task PushThenPull_ThroughAFolderRemote_RoundTripsTheFile()
    {
        var remote = TempFolder();
        await WithRemoteAsync("folder", remote, () => RoundTripAsync("folder", "through-folder.csv"));
        Assert.Single(Directory.EnumerateFiles(remote, "*", SearchOption.AllDirectories));
        Directory.Delete(remote, recursive: true);
    }

    [Fact]
    public async Task PushThenPull_ThroughS3_RoundTripsTheFile()
    {
        var endpoint = Environment.GetEnvironmentVariable("MLNB_TEST_S3_ENDPOINT")
            ?? throw new InvalidOperationException("MLNB_TEST_S3_ENDPOINT is not set: run the tests with ./test.sh, or `source scripts/services/30-s3.sh` first");
        var bucket = Environment.GetEnvironmentVariable("MLNB_TEST_S3_BUCKET") ?? "mlnb-test";
        await WithRemoteAsync("s3", $"s3://{bucket}/kernel-{Guid.NewGuid():N}", () => RoundTripAsync("s3", "through-s3.csv"),
            ("endpointurl", endpoint, false), ("access_key_id", "S3RVER", true), ("secret_access_key", "S3RVER", true));
    }

    /// <summary>Adds a file, pushes it, deletes it from the workspace and the cache, and pulls it back.</summary>
    private async Task RoundTripAsync(string remote, string name)
    {
        var text = $"id,value\n{Guid.NewGuid()},1\n";
        var file = WriteData(name, text);
        (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
        var output = DvcOutput(file);

        var push = await k.SubmitAsync($"#!data push \"{file}\" --remote {remote}");
        push.Succeeded();
        Assert.Contains($"<tr><td>1</td><td>0</td><td>{output.Size}</td><td>0</td><td></td></tr>", push.Displayed("text/html"));
        Assert.Matches(@"^push: 1/1 files, 0\.0/0\.0 MiB, [0-9.]+ MiB/s — done$", FinalProgress(push, "push"));

        File.Delete(file);
        File.Delete(k.Workspace.Content.GetPath(output.Md5));
        var pull = await k.SubmitAsync($"#!data pull \"{file}\" --remote {remote}");
        pull.Succeeded();
        Assert.Contains($"<tr><td>1</td><td>0</td><td>{output.Size}</td><td>0</td><td>1</td></tr>", pull.Displayed("text/html"));
        Assert.StartsWith("pull: checkout 1/1 files", FinalProgress(pull, "pull"));
        Assert.Equal(text, File.ReadAllText(file));
    }

    [Fact]
    public async Task Remote_AddsAndLists_ThenFetchDownloadsIntoTheCacheWithoutCheckingOut()
    {
        var remote = TempFolder();
        await KeepingRemoteConfigAsync(async () =>
        {
            var added = await k.SubmitAsync($"#!data remote shelf \"{remote}\" --default");
            added.Succeeded();
            Assert.Contains($"<tr><td>shelf</td><td>{remote}</td><td>yes</td></tr>", added.Displayed("text/html"));
            Assert.Contains("<tr><td>shelf</td>", (await k.SubmitAsync("#!data remote")).Displayed("text/html"));

            var file = WriteData("fetched.csv", $"id\n{Guid.NewGuid()}\n");
            (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
            var output = DvcOutput(file);
            (await k.SubmitAsync($"#!data push \"{file}\"")).Succeeded();
            var cached = k.Workspace.Content.GetPath(output.Md5);
            File.Delete(cached);
            File.Delete(file);

            var fetch = await k.SubmitAsync($"#!data fetch \"{file}\"");

            fetch.Succeeded();
            Assert.Contains($"<tr><td>1</td><td>0</td><td>{output.Size}</td><td>0</td><td></td></tr>", fetch.Displayed("text/html"));
            Assert.Matches(@"^fetch: 1/1 files, .* — done$", FinalProgress(fetch, "fetch"));
            Assert.True(File.Exists(cached), "fetch puts the object in the cache");
            Assert.False(File.Exists(file), "fetch does not check out");
        });
        Directory.Delete(remote, recursive: true);
    }

    [Fact]
    public async Task Remote_WithOneArgument_FailsShowingBothForms()
    {
        Assert.Equal("#!data remote takes no arguments (list) or NAME URL (add); write e.g. `#!data remote storage /mnt/shared/mlnb-cache --default`",
            (await k.SubmitAsync("#!data remote lonely")).Failure());
    }

    [Fact]
    public async Task Gc_DryRunListsTheReplacedVersion_ThenGcRemovesItAndKeepsTheCurrentOne()
    {
        var file = WriteData("collected.csv", $"v\n{Guid.NewGuid()}\n");
        (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
        var old = DvcOutput(file).Md5;
        File.AppendAllText(file, "2\n");
        (await k.SubmitAsync($"#!data add \"{file}\"")).Succeeded();
        var current = DvcOutput(file).Md5;

        var dry = await k.SubmitAsync("#!data gc --workspace --dry-run");
        dry.Succeeded();
        Assert.Contains("would remove ", dry.Displayed("text/html"));
        Assert.Contains(old, dry.Displayed("text/html"));
        Assert.True(File.Exists(k.Workspace.Content.GetPath(old)), "a dry run removes nothing");

        var gc = await k.SubmitAsync("#!data gc --workspace");
        gc.Succeeded();
        Assert.Contains(old, gc.Displayed("text/html"));
        Assert.False(File.Exists(k.Workspace.Content.GetPath(old)));
        Assert.True(File.Exists(k.Workspace.Content.GetPath(current)));
    }

    [Fact]
    public async Task PushWithNoRemoteConfigured_FailsSayingHowToAddOne()
    {
        var failure = (await k.SubmitAsync("#!data push")).Failure();
        Assert.Equal("no default remote; add one with `mlnb data remote add NAME URL --default`, or pass --remote NAME", failure);
    }

    [Fact]
    public async Task PullOfAnObjectTheRemoteLacks_FailsNamingTheObject_AndEndsTheProgressAsFailed()
    {
        const string md5 = "0123456789abcdef0123456789abcdef";
        var pointer = WriteData("ghost.csv.dvc", $"outs:\n- md5: {md5}\n  size: 10\n  hash: md5\n  path: ghost.csv\n");
        var remote = TempFolder();
        try
        {
            await WithRemoteAsync("empty", remote, async () =>
            {
                var pull = await k.SubmitAsync($"#!data pull \"{pointer[..^4]}\" --remote empty");
                Assert.Equal($"object {md5} is not on remote '{remote}'; push it from a workspace that has it (`mlnb data push`)", pull.Failure());
                Assert.EndsWith("— failed", FinalProgress(pull, "pull"));
            });
        }
        finally
        {
            File.Delete(pointer);
            Directory.Delete(remote, recursive: true);
        }
    }

    [Fact]
    public async Task PushOfAnUntrackedPath_FailsSayingHowToTrackIt()
    {
        var path = Path.Combine(k.Dir, "data", "never-added.csv");
        var failure = (await k.SubmitAsync($"#!data push \"{path}\" --remote origin")).Failure();
        Assert.Equal($"'{path}' is not tracked; add it with `mlnb data add {path}`", failure);
    }

    /// <summary>The plain text of the progress display's last state: displayed once, then updated in place.</summary>
    private static string FinalProgress(IReadOnlyList<KernelEvent> events, string title)
    {
        var shown = Assert.Single(events.OfType<DisplayedValueProduced>(), e => Text(e).StartsWith(title + ": ", StringComparison.Ordinal));
        Assert.Equal($"{title}: starting — running", Text(shown));
        var updates = events.OfType<DisplayedValueUpdated>().Where(u => u.ValueId == shown.ValueId).ToList();
        Assert.NotEmpty(updates);
        return Text(updates[^1]);
    }

    private static string Text(DisplayEvent e) => e.FormattedValues.Single(f => f.MimeType == "text/plain").Value;
}
