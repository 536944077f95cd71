using System.Diagnostics;
using MlNotebooks.Data;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Tests.Data;

/// <summary>A fresh project folder with a workspace (.mlnb/), optionally a git repository, and a data client.</summary>
public sealed class DataProject : IAsyncDisposable
{
    private DataProject(TempDir dir, Workspace workspace, DataOptions? options)
    {
        Dir = dir;
        Workspace = workspace;
        Data = new DataClient(workspace, options);
    }

    public TempDir Dir { get; }
    public Workspace Workspace { get; }
    public DataClient Data { get; }
    public string Root => Dir.Path;

    public static async Task<DataProject> CreateAsync(bool git = false, DataOptions? options = null)
    {
        var dir = new TempDir();
        var ws = await Workspace.InitAsync(dir.Path);
        var p = new DataProject(dir, ws, options);
        if (git)
        {
            p.Git("init", "-q");
            p.Git("config", "user.email", "t@example.com");
            p.Git("config", "user.name", "t");
        }
        return p;
    }

    public string PathOf(string rel) => System.IO.Path.Combine(Root, rel);

    public string Write(string rel, string text)
    {
        var full = PathOf(rel);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public string CopyTestFile(string name, string rel)
    {
        var full = PathOf(rel);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.Copy(System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "TestData", name), full, overwrite: true);
        return full;
    }

    public string Read(string rel) => File.ReadAllText(PathOf(rel));

    public string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {err}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        Data.Dispose();
        await Workspace.DisposeAsync();
        Dir.Dispose();
    }
}
