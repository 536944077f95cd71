using System.Diagnostics;

namespace MlNotebooks.Cli.Tests.Support;

/// <summary>
/// podman as the tests run it: with the repository's scripts/containers/containers.conf (runc, cgroupfs, ulimits)
/// through CONTAINERS_CONF, never the user's global configuration.
/// </summary>
public static class Podman
{
    /// <summary>The repository root (the folder holding MlNotebooks.sln).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>scripts/containers/containers.conf.</summary>
    public static string ConfPath => Path.Combine(RepoRoot, "scripts", "containers", "containers.conf");

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Out => Stdout.Trim();

        public Result Ok(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed ({ExitCode}): {Stderr.Trim()} {Stdout.Trim()}".Trim());
    }

    /// <summary>Runs <c>podman ARGS</c>.</summary>
    public static Task<Result> RunAsync(params string[] args) => ExecAsync("podman", RepoRoot, args);

    /// <summary>Runs any program with CONTAINERS_CONF set, e.g. scripts/containers/setup.sh or dotnet publish.</summary>
    public static async Task<Result> ExecAsync(string program, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CONTAINERS_CONF"] = ConfPath;
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
