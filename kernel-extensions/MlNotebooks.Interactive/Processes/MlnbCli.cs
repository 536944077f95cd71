using System.Diagnostics;
using System.Reflection;

namespace MlNotebooks.Interactive.Processes;

/// <summary>
/// Finds the <c>mlnb</c> command line so a magic can run heavy work (training with libtorch, a model server with
/// ONNX Runtime) in a child process instead of loading those natives into the notebook kernel. Order:
/// <c>MLNB_CLI</c> (a path to <c>mlnb.dll</c> or an executable; <c>mlnb kernel install</c> writes it into the Jupyter
/// kernel specs), the host process when it is mlnb itself (the headless runner), then <c>mlnb</c> on PATH.
/// </summary>
internal static class MlnbCli
{
    /// <summary>The environment variable naming the CLI.</summary>
    public const string Variable = "MLNB_CLI";

    /// <summary>A start description for <c>mlnb ARGS…</c>, output redirected, in <paramref name="workingDirectory"/>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string? workingDirectory = null)
    {
        var (file, prefix) = Resolve();
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in prefix.Concat(args)) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>
    /// <see cref="StartInfo(IEnumerable{string}, string?)"/> for a child that works in <paramref name="workspace"/>: the same
    /// store (through the environment, so secrets in the URI stay off its command line) and the same content root.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, string workingDirectory, Workspace workspace, string? trackingUri)
    {
        var psi = StartInfo(args, workingDirectory);
        if (trackingUri is not null) psi.Environment[Workspace.TrackingUriVariable] = trackingUri;
        psi.Environment[Workspace.ContentRootVariable] = workspace.Content.Root;
        psi.Environment["NO_COLOR"] = "1";
        return psi;
    }

    /// <summary>
    /// A failed child as the kernel reports it: its own one-line <c>error: …</c> message (the last one in
    /// <paramref name="output"/>) with the error code its exit code stands for, else its last line of output.
    /// </summary>
    public static MlnbException ChildFailed(string command, int exitCode, IEnumerable<string> output)
    {
        var lines = output.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var error = lines.LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal));
        return error is not null
            ? new MlnbException(ErrorCodes.FromExitCode(exitCode), error["error: ".Length..])
            : new MlnbException(ErrorCode.InternalError, $"`{command}` exited with code {exitCode}" + (lines.Count > 0 ? ": " + lines[^1] : " and no message"));
    }

    /// <summary>The program and leading arguments that run mlnb; throws a one-line error naming the fix.</summary>
    public static (string File, IReadOnlyList<string> Prefix) Resolve()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            if (!File.Exists(configured))
                throw MlnbException.NotFound($"{Variable}={configured} does not exist; point it at mlnb.dll (e.g. .build/cli/mlnb.dll) or re-run `mlnb kernel install`");
            return FromPath(configured);
        }
        if (Assembly.GetEntryAssembly() is { } entry && entry.GetName().Name == "mlnb" && File.Exists(entry.Location))
            return FromPath(entry.Location);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "mlnb");
            if (File.Exists(candidate)) return (candidate, []);
        }
        throw MlnbException.NotFound($"the mlnb command line was not found; set {Variable} to the path of mlnb.dll, install the tool (`dotnet tool install -g MlNotebooks.Cli`), or run `mlnb kernel install`");
    }

    private static (string, IReadOnlyList<string>) FromPath(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? (DotnetHost(), [path]) : (path, []);

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (root is not null && File.Exists(Path.Combine(root, "dotnet"))) return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
