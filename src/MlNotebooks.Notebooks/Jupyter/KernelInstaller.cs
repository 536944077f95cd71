using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Notebooks.Jupyter;

/// <summary>
/// Installs the .NET Interactive Jupyter kernel (dotnet tool Microsoft.dotnet-interactive, pinned) and its kernel
/// specs, with the environment the tool needs to speak the Jupyter protocol cleanly.
/// </summary>
public static class KernelInstaller
{
    /// <summary>The pinned tool version (same upstream commit as the library packages).</summary>
    public const string ToolVersion = "1.0.712001";

    /// <summary>Without these the first run prints a banner on stdout that breaks the protocol.</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>Where the tool installs global tools (must be on PATH for the kernel spec's `dotnet interactive`).</summary>
    public static string ToolsFolder => Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".dotnet", "tools");

    /// <summary>Where Jupyter looks for user kernel specs.</summary>
    public static string KernelsFolder => Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter", "kernels");

    /// <summary>Installs (idempotently); <paramref name="log"/> gets progress lines.</summary>
    public static async Task InstallAsync(Action<string> log, CancellationToken ct)
    {
        var list = await RunAsync("dotnet", "tool list -g", ct).ConfigureAwait(false);
        if (!list.Output.Contains($"microsoft.dotnet-interactive      {ToolVersion}", StringComparison.OrdinalIgnoreCase) &&
            !System.Text.RegularExpressions.Regex.IsMatch(list.Output, $@"microsoft\.dotnet-interactive\s+{System.Text.RegularExpressions.Regex.Escape(ToolVersion)}", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            log($"installing dotnet tool Microsoft.dotnet-interactive {ToolVersion}");
            var install = await RunAsync("dotnet", $"tool update -g Microsoft.dotnet-interactive --version {ToolVersion}", ct).ConfigureAwait(false);
            if (install.ExitCode != 0)
                throw new MlnbException(ErrorCode.StoreUnavailable, $"`dotnet tool install -g Microsoft.dotnet-interactive --version {ToolVersion}` failed: {Last(install.Output)}; check that a NuGet source is reachable");
        }
        if (File.Exists(Path.Combine(KernelsFolder, ".net-csharp", "kernel.json"))) return;
        Directory.CreateDirectory(KernelsFolder); // the installer refuses to create it
        log("installing the .NET kernel specs for Jupyter");
        var specs = await RunAsync("dotnet", "interactive jupyter install", ct).ConfigureAwait(false);
        if (specs.ExitCode != 0 || specs.Output.Contains("Failed to install", StringComparison.Ordinal))
            throw new MlnbException(ErrorCode.StoreUnavailable, $"`dotnet interactive jupyter install` failed: {Last(specs.Output)}");
    }

    /// <summary>
    /// Writes <c>"env": {"MLNB_CLI": cliPath}</c> into every installed .NET kernel spec (<c>.net-*/kernel.json</c>), so
    /// magics that run the CLI as a child process find it; other keys and env entries are kept. Idempotent: a spec that
    /// already says so is not rewritten. Returns the kernel.json files it changed.
    /// </summary>
    public static IReadOnlyList<string> WriteCliEnvironment(string cliPath)
    {
        var changed = new List<string>();
        if (!Directory.Exists(KernelsFolder)) return changed;
        foreach (var spec in Directory.EnumerateDirectories(KernelsFolder, ".net-*").Order(StringComparer.Ordinal).Select(d => Path.Combine(d, "kernel.json")).Where(File.Exists))
        {
            var json = JsonNode.Parse(File.ReadAllText(spec)) as JsonObject
                ?? throw new MlnbException(ErrorCode.DataCorrupted, $"{spec} is not a JSON object; reinstall the specs with `dotnet interactive jupyter install`");
            var env = json["env"] as JsonObject ?? (JsonObject)(json["env"] = new JsonObject());
            if ((string?)env[Interactive.Processes.MlnbCli.Variable] == cliPath) continue;
            env[Interactive.Processes.MlnbCli.Variable] = cliPath;
            // Replaced whole (temp file, then rename): a kernel starting meanwhile reads the old spec or the new one.
            File.WriteAllText(spec + ".tmp", json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Move(spec + ".tmp", spec, overwrite: true);
            changed.Add(spec);
        }
        return changed;
    }

    private static string Last(string output) => output.Trim().Split('\n').LastOrDefault()?.Trim() ?? "";

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in Environment) psi.Environment[k] = v;
        psi.Environment["PATH"] = ToolsFolder + Path.PathSeparator + System.Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi) ?? throw new MlnbException(ErrorCode.StoreUnavailable, $"cannot start `{file}`");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        return (p.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
