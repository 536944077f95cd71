using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Notebooks.Jupyter;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests;

/// <summary>`mlnb kernel install --dotnet-interactive` on this machine's real .NET Interactive kernel specs (the stock kernel, kept working).</summary>
public sealed class KernelInstallCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<string> Specs() =>
        [.. Directory.EnumerateDirectories(KernelInstaller.KernelsFolder, ".net-*").Select(d => Path.Combine(d, "kernel.json")).Where(File.Exists).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task KernelInstall_WritesMlnbCliIntoEverySpec_AndASecondRunChangesNothing()
    {
        // Start from a spec without the variable (as `dotnet interactive jupyter install` writes it), so the write is seen.
        var csharp = Path.Combine(KernelInstaller.KernelsFolder, ".net-csharp", "kernel.json");
        if (File.Exists(csharp) && JsonNode.Parse(File.ReadAllText(csharp)) is JsonObject spec && spec["env"] is JsonObject env && env.Remove("MLNB_CLI"))
        {
            File.WriteAllText(csharp + ".tmp", spec.ToJsonString()); // whole, as a kernel may start meanwhile
            File.Move(csharp + ".tmp", csharp, overwrite: true);
        }

        var jupyterEnv = new Dictionary<string, string?> { ["JUPYTER_DATA_DIR"] = _dir.File("jupyter") }; // mlnb-csharp goes here, not into ~
        var first = await MlnbProcess.RunAsync(_dir.Path, jupyterEnv, "kernel", "install", "--dotnet-interactive", "--feed", _dir.File("feed"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Matches($@"set MLNB_CLI={System.Text.RegularExpressions.Regex.Escape(MlnbProcess.DllPath)} in [1-9][0-9]* kernel spec\(s\)", first.Stdout);
        var specs = Specs();
        Assert.Contains(csharp, specs);
        foreach (var path in specs)
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Equal(MlnbProcess.DllPath, (string?)json["env"]!["MLNB_CLI"]);
            Assert.Equal(["dotnet", "interactive", "jupyter"], json["argv"]!.AsArray().Take(3).Select(a => (string?)a));
        }
        var before = specs.ToDictionary(s => s, s => (File.ReadAllText(s), File.GetLastWriteTimeUtc(s)));
        var feed = Directory.GetFiles(_dir.File("feed")).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var second = await MlnbProcess.RunAsync(_dir.Path, jupyterEnv, "kernel", "install", "--dotnet-interactive", "--feed", _dir.File("feed"));
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains($"kernel specs already set MLNB_CLI={MlnbProcess.DllPath}", second.Stdout);
        Assert.Equal("", second.Stderr.Trim()); // nothing installed
        Assert.Equal(before, Specs().ToDictionary(s => s, s => (File.ReadAllText(s), File.GetLastWriteTimeUtc(s))));
        Assert.Equal(feed, Directory.GetFiles(_dir.File("feed")).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.Equal(first.Stdout.Split('\n').TakeLast(3), second.Stdout.Split('\n').TakeLast(3)); // the same two load lines
    }
}
