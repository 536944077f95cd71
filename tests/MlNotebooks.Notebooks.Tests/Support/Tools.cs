using System.Diagnostics;
using MlNotebooks.Notebooks.Jupyter;

namespace MlNotebooks.Notebooks.Tests.Support;

/// <summary>The real outside tools the notebook tests drive: Debian's nbconvert (on the .NET kernel) and headless Chromium.</summary>
public static class Tools
{
    /// <summary>Runs a program; fails the test with the end of its stderr when it exits non-zero; returns stdout.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{Path.GetFileName(file)} {string.Join(' ', args)} failed: " + string.Join('\n', (await stderr).Split('\n').TakeLast(15)));
        return stdout;
    }

    /// <summary>`nbconvert --to notebook --execute` on the .NET kernel that `mlnb kernel install` set up.</summary>
    /// <param name="allowErrors">Go on past failing cells (nbconvert's <c>allow_errors</c>).</param>
    public static Task NbconvertExecuteAsync(string input, string outputName, string workingDirectory, IReadOnlyDictionary<string, string> environment, bool allowErrors = false)
    {
        var env = new Dictionary<string, string>(KernelInstaller.Environment)
        {
            ["PATH"] = KernelInstaller.ToolsFolder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        foreach (var (k, v) in environment) env[k] = v;
        return RunAsync("/usr/bin/python3", ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
            "--ExecutePreprocessor.kernel_name=.net-csharp", $"--ExecutePreprocessor.allow_errors={allowErrors}", input, "--output", outputName], workingDirectory, env);
    }

    /// <summary>`nbconvert --to html`; returns the path of the page.</summary>
    public static async Task<string> NbconvertHtmlAsync(string notebook)
    {
        await RunAsync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", notebook], Path.GetDirectoryName(notebook)!);
        return Path.ChangeExtension(notebook, ".html");
    }

    /// <summary>
    /// The DOM of <paramref name="page"/> after its scripts ran, from headless Chromium in a network namespace of its own
    /// (`unshare -n`: no network at all, so anything a page would fetch from a CDN fails).
    /// </summary>
    public static async Task<string> RenderOfflineAsync(string page)
    {
        var profile = Directory.CreateTempSubdirectory("mlnb-chromium-");
        try
        {
            return await RunAsync("unshare", ["-n", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.FullName,
                "--window-size=1280,2000", "--virtual-time-budget=20000", "--dump-dom", "file://" + page], Path.GetDirectoryName(page)!);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
