using MlNotebooks.Training.Native;
using MlNotebooks.Training.Tests.Support;

namespace MlNotebooks.Training.Tests.Native;

public sealed class LibTorchTests
{
    [Fact]
    public void EnsureLoaded_OnThisMachine_LoadsTheBundledLibtorchAndResolvesCpu()
    {
        LibTorch.EnsureLoaded();
        Assert.Equal(AppContext.BaseDirectory, LibTorch.LoadedFrom);
        Assert.Equal("cpu", LibTorch.ResolveDevice("cpu").ToString());
    }

    [Fact]
    public void ResolveDevice_Cuda_WithoutAGpu_FailsWithTheFix()
    {
        var e = Assert.Throws<MlnbException>(() => LibTorch.ResolveDevice("cuda"));
        Assert.Contains("no CUDA device can be used here", e.Message);
        Assert.Contains("--device cpu", e.Message);
        Assert.Equal("cpu", LibTorch.ResolveDevice("auto").ToString());
    }

    [Fact]
    public void ResolveDevice_WithAnUnknownName_SaysWhichNamesWork()
    {
        var e = Assert.Throws<MlnbException>(() => LibTorch.ResolveDevice("tpu"));
        Assert.Contains("use auto, cpu, cuda or cuda:N", e.Message);
    }

    [Fact]
    public void TheUnpatchedShim_FailsToLoadHere_AndTheReportNamesTheMissingGlibcxxVersion()
    {
        LibTorch.EnsureLoaded(); // libtorch is resident, so the only thing that can fail is the shim's own version need
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var original = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var copy = Path.Combine(Path.GetTempPath(), "mlnb-unpatched-" + Guid.NewGuid().ToString("N")[..8], "libLibTorchSharp.so");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(original, copy);
        try
        {
            var error = Dl.TryOpen(copy);
            Assert.NotNull(error);
            Assert.Contains("GLIBCXX_3.4.32", error);
            var message = LibTorch.Explain(copy, error!);
            Assert.Contains("GLIBCXX_3.4.32", message);
            Assert.Contains("LibTorchSharpPatch.targets", message);
            Assert.DoesNotContain("doesn't contain a reference", message);
        }
        finally { Directory.Delete(Path.GetDirectoryName(copy)!, true); }
    }

    [Fact]
    public void LoadFrom_AFolderWithoutLibtorch_FailsNamingTheVariableAndHowToFindTheFolder()
    {
        var e = Assert.Throws<MlnbException>(() => LibTorch.LoadLibtorchFrom(Path.GetTempPath()));
        Assert.Contains("MLNB_LIBTORCH_DIR", e.Message);
        Assert.Contains("has no libtorch.so", e.Message);
    }

    [Fact]
    public void LoadFrom_ALibtorchFolder_LoadsItsLibrariesInDependencyOrder()
    {
        var loaded = LibTorch.LoadLibtorchFrom(AppContext.BaseDirectory);
        Assert.Equal(new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" }, loaded.Select(p => Path.GetFileName(p)).ToArray());
    }
}
