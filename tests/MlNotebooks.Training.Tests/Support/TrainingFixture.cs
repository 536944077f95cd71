using System.Diagnostics;
using MlNotebooks.Training.Data;
using MlNotebooks.Training.Native;

namespace MlNotebooks.Training.Tests.Support;

/// <summary>A temporary workspace (SQLite + content folder) per test, and the shipped data sets.</summary>
public sealed class TempWorkspace : IAsyncDisposable
{
    private TempWorkspace(string dir, Workspace ws) { Dir = dir; Workspace = ws; }

    public string Dir { get; }

    public Workspace Workspace { get; }

    public static async Task<TempWorkspace> CreateAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlnb-train-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var ws = await Workspace.OpenAsync(new WorkspaceOptions { TrackingUri = "sqlite:///" + Path.Combine(dir, "mlnb.db"), ContentRoot = Path.Combine(dir, "cache"), StartDirectory = dir, Environment = _ => null });
        return new TempWorkspace(dir, ws);
    }

    public async ValueTask DisposeAsync()
    {
        await Workspace.DisposeAsync();
        try
        {
            foreach (var f in Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories)) File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException) { }
    }
}

public static class TestData
{
    public static string BreastCancerPath => Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv");

    public static string DigitsPath => Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz");

    public static TabularData BreastCancer() => TabularData.LoadCsv(BreastCancerPath);

    public static TabularData Digits() => TabularData.LoadCsv(DigitsPath);

    static TestData() => LibTorch.EnsureLoaded();
}

/// <summary>Debian's python3-onnx checker (scripts/deps/apt-training.txt installs it).</summary>
public static class OnnxChecker
{
    public static (int ExitCode, string Output) Check(byte[] onnx, bool fullCheck = true)
    {
        var file = Path.Combine(Path.GetTempPath(), "mlnb-check-" + Guid.NewGuid().ToString("N")[..8] + ".onnx");
        File.WriteAllBytes(file, onnx);
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=sys.argv[2] == '1'); print('ok', m.opset_import[0].version)", file, fullCheck ? "1" : "0"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        finally { File.Delete(file); }
    }
}
