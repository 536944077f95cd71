using System.Text.Json.Nodes;
using MlNotebooks.Cli.Tests.Support;
using MlNotebooks.Tests.Support;

namespace MlNotebooks.Cli.Tests.Kernel;

/// <summary>`mlnb kernel install` writing the mlnb-csharp kernelspec, and `mlnb kernel start` refusing bad input.</summary>
public sealed class KernelInstallTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Install_WithPrefix_WritesTheSpec_AndASecondRunChangesNothing()
    {
        var first = await MlnbProcess.RunAsync(_dir.Path, "kernel", "install", "--prefix", _dir.File("prefix"));
        Assert.True(first.ExitCode == 0, first.Stderr);
        var path = _dir.File("prefix/share/jupyter/kernels/mlnb-csharp/kernel.json");
        Assert.Contains($"installed kernelspec mlnb-csharp (\"C# (MlNotebooks)\") in {Path.GetDirectoryName(path)}", first.Stdout);
        var spec = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(["dotnet", MlnbProcess.DllPath, "kernel", "start", "{connection_file}"],
            spec["argv"]!.AsArray().Select(a => (string?)a).Select(a => Path.GetFileName(a) == "dotnet" ? "dotnet" : a));
        Assert.Equal("C# (MlNotebooks)", (string?)spec["display_name"]);
        Assert.Equal("C#", (string?)spec["language"]);
        Assert.Equal("message", (string?)spec["interrupt_mode"]);
        Assert.Equal(MlnbProcess.DllPath, (string?)spec["env"]!["MLNB_CLI"]);
        var written = (File.ReadAllText(path), File.GetLastWriteTimeUtc(path));

        var second = await MlnbProcess.RunAsync(_dir.Path, "kernel", "install", "--prefix", _dir.File("prefix"));
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("is up to date", second.Stdout);
        Assert.Equal(written, (File.ReadAllText(path), File.GetLastWriteTimeUtc(path)));
        Assert.Equal(["kernel.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName)); // no temp file left
    }

    [Fact]
    public async Task Install_ForTheUser_GoesToJupyterDataDir()
    {
        var env = new Dictionary<string, string?> { ["JUPYTER_DATA_DIR"] = _dir.File("data") };
        var r = await MlnbProcess.RunAsync(_dir.Path, env, "kernel", "install", "--user");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.Exists(_dir.File("data/kernels/mlnb-csharp/kernel.json")));
        var plain = await MlnbProcess.RunAsync(_dir.Path, env, "kernel", "install"); // the default is --user
        Assert.Contains($"kernelspec mlnb-csharp in {_dir.File("data/kernels/mlnb-csharp")} is up to date", plain.Stdout);
    }

    [Fact]
    public async Task Install_WithTwoLocations_FailsWithOneLine_AndWritesNothing()
    {
        var r = await MlnbProcess.RunAsync(_dir.Path, new Dictionary<string, string?> { ["JUPYTER_DATA_DIR"] = _dir.File("data") },
            "kernel", "install", "--user", "--prefix", _dir.File("prefix"));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("give one of --user, --prefix DIR, --sys-prefix", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(_dir.File("prefix")));
        Assert.False(Directory.Exists(_dir.File("data")));
    }

    [Fact]
    public async Task Start_WithAMissingOrBrokenConnectionFile_FailsWithOneLineNamingIt()
    {
        var missing = await MlnbProcess.RunAsync(_dir.Path, "kernel", "start", _dir.File("nope.json"));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Equal($"error: connection file '{_dir.File("nope.json")}' does not exist; Jupyter passes it as {{connection_file}} in the kernelspec's argv", missing.Stderr.Trim());

        File.WriteAllText(_dir.File("bad.json"), """{"ip": "127.0.0.1", "transport": "tcp", "shell_port": 0, "control_port": 1, "iopub_port": 2, "stdin_port": 3, "hb_port": 4, "key": "k", "signature_scheme": "hmac-sha256"}""");
        var bad = await MlnbProcess.RunAsync(_dir.Path, "kernel", "start", _dir.File("bad.json"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("shell_port 0 is not a port", bad.Stderr);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
    }
}
