using System.Diagnostics;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Kernel;

/// <summary>
/// The mlnb-csharp kernelspec installed by the real `mlnb kernel install --prefix` into a temp folder, and a way to run
/// Debian's Python (jupyter_client, jupyter_kernel_test, nbconvert) with JUPYTER_PATH pointing at it.
/// </summary>
public sealed class KernelSpecFixture : IAsyncLifetime
{
    public TempDir Dir { get; } = new();

    public string JupyterPath => Dir.File("prefix/share/jupyter");

    public async Task InitializeAsync()
    {
        var install = await MlnbProcess.RunAsync(Dir.Path, "kernel", "install", "--prefix", Dir.File("prefix"));
        Assert.True(install.ExitCode == 0, install.Stderr);
    }

    public Task DisposeAsync()
    {
        Dir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs /usr/bin/python3 with our kernelspec first on JUPYTER_PATH; returns exit code, stdout, stderr.</summary>
    public async Task<MlnbProcess.Result> PythonAsync(string workingDirectory, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["JUPYTER_PATH"] = JupyterPath;
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.Environment["MLNB_TRACKING_URI"] = null;
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new MlnbProcess.Result(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>A file shipped next to the tests (Kernel/*.py).</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Kernel", name);
}
