using System.Diagnostics;

namespace MlNotebooks.Hub.Tests.Support;

/// <summary>
/// podman (and the scripts around it) as the tests run them: with the repository's scripts/containers/containers.conf
/// (runc, cgroupfs, ulimits) through CONTAINERS_CONF, never the user's global configuration.
/// </summary>
public static class Podman
{
    /// <summary>The repository root (the folder holding MlNotebooks.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Out => Stdout.Trim();

        public Result Ok(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}): {Stderr.Trim()} {Stdout.Trim()}".Trim());
    }

    /// <summary>Runs <c>podman ARGS</c>.</summary>
    public static Task<Result> RunAsync(params string[] args) => ExecAsync("podman", RepoRoot, new Dictionary<string, string?>(), args);

    /// <summary>Runs a program with CONTAINERS_CONF set (and <paramref name="env"/>), e.g. hub/images.sh.</summary>
    public static async Task<Result> ExecAsync(string program, string workingDirectory, IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CONTAINERS_CONF"] = Path.Combine(RepoRoot, "scripts", "containers", "containers.conf");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MlNotebooks.sln"))) return dir.FullName;
        throw new InvalidOperationException("MlNotebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
