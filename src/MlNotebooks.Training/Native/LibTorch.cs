using TorchSharp;

namespace MlNotebooks.Training.Native;

/// <summary>
/// Loads libtorch before TorchSharp is touched, and says why when it cannot. With <c>MLNB_LIBTORCH_DIR</c> set to a
/// PyTorch <c>lib</c> folder (e.g. a Python CUDA install), its libraries are loaded by absolute path in dependency
/// order (libc10, libtorch_cpu, libc10_cuda, libtorch_cuda, libtorch) and then TorchSharp's shim; otherwise the
/// libtorch that ships next to the application (TorchSharp-cpu) is used.
/// </summary>
public static class LibTorch
{
    /// <summary>The environment variable naming a libtorch <c>lib</c> folder to load instead of the bundled one.</summary>
    public const string DirectoryVariable = "MLNB_LIBTORCH_DIR";

    private const string Shim = "libLibTorchSharp.so";
    private static readonly string[] Order = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
    private static readonly Lock Gate = new();
    private static string? _loadedFrom;

    /// <summary>Where libtorch was loaded from, once <see cref="EnsureLoaded"/> has succeeded.</summary>
    public static string? LoadedFrom => _loadedFrom;

    /// <summary>Loads libtorch and TorchSharp's shim once per process; throws an <see cref="MlnbException"/> with the real cause.</summary>
    public static void EnsureLoaded()
    {
        if (_loadedFrom is not null) return;
        lock (Gate)
        {
            if (_loadedFrom is not null) return;
            var appDir = AppContext.BaseDirectory;
            var dir = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (!string.IsNullOrWhiteSpace(dir))
            {
                dir = Path.GetFullPath(dir);
                LoadLibtorchFrom(dir);
                var ld = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
                Environment.SetEnvironmentVariable("LD_LIBRARY_PATH", string.IsNullOrEmpty(ld) ? dir : dir + ":" + ld); // for child processes (sweeps)
            }
            var shim = Path.Combine(appDir, Shim);
            if (!File.Exists(shim))
                throw MlnbException.NotFound($"{Shim} is not next to the application in {appDir}; reference the TorchSharp-cpu package (or TorchSharp with {DirectoryVariable}) in the project that runs training");
            if (Dl.TryOpen(shim) is { } shimError)
                throw new MlnbException(ErrorCode.InternalError, Explain(shim, shimError));
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is not MlnbException)
            {
                throw new MlnbException(ErrorCode.InternalError, $"TorchSharp did not initialize after {shim} loaded: {FirstLine(e.Message)}", e);
            }
            _loadedFrom = string.IsNullOrWhiteSpace(dir) ? appDir : dir;
        }
    }

    /// <summary>
    /// Loads a libtorch folder's libraries by absolute path in dependency order (the CUDA pair only where present);
    /// returns the paths loaded. Throws with the loader's own message when one fails.
    /// </summary>
    public static IReadOnlyList<string> LoadLibtorchFrom(string directory)
    {
        if (!File.Exists(Path.Combine(directory, "libtorch.so")))
            throw MlnbException.NotFound($"{DirectoryVariable}='{directory}' has no libtorch.so; point it at a PyTorch lib folder, e.g. `python3 -c \"import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))\"`");
        var loaded = new List<string>();
        foreach (var lib in Order)
        {
            var path = Path.Combine(directory, lib);
            if (!File.Exists(path)) continue; // the CUDA pair is absent from CPU builds
            if (Dl.TryOpen(path) is { } error)
                throw new MlnbException(ErrorCode.InternalError, $"cannot load {path} from {DirectoryVariable}: {error}");
            loaded.Add(path);
        }
        return loaded;
    }

    /// <summary>Whether a CUDA device can be used (loads libtorch first).</summary>
    public static bool CudaAvailable()
    {
        EnsureLoaded();
        return torch.TryInitializeDeviceType(DeviceType.CUDA) && torch.cuda.is_available();
    }

    /// <summary>
    /// Resolves a device name: <c>auto</c> (or null) is CUDA when available, else CPU; <c>cpu</c>; <c>cuda</c> or
    /// <c>cuda:N</c>, which fails with a fix when no CUDA device can be used.
    /// </summary>
    public static torch.Device ResolveDevice(string? name)
    {
        EnsureLoaded();
        var n = string.IsNullOrWhiteSpace(name) ? "auto" : name.Trim().ToLowerInvariant();
        if (n == "auto") return CudaAvailable() ? torch.CUDA : torch.CPU;
        if (n == "cpu") return torch.CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!CudaAvailable())
                throw MlnbException.Invalid($"--device {n}: no CUDA device can be used here (libtorch from {_loadedFrom} is {(Environment.GetEnvironmentVariable(DirectoryVariable) is null ? "the CPU build bundled with mlnb" : "loaded but sees no GPU")}); use --device cpu, or on a GPU machine set {DirectoryVariable} to a CUDA PyTorch lib folder");
            return torch.device(n);
        }
        throw MlnbException.Invalid($"--device '{name}' is not a device; use auto, cpu, cuda or cuda:N");
    }

    internal static string Explain(string path, string error)
    {
        var hint = error.Contains("GLIBCXX_", StringComparison.Ordinal)
            ? " — the system libstdc++ is older than the one TorchSharp's shim was built with; the build marks GLIBCXX_3.4.32 weak in the output copy (src/MlNotebooks.Training/build/LibTorchSharpPatch.targets): rebuild the project that runs training, or run where libstdc++ provides it"
            : error.Contains("cannot open shared object file", StringComparison.Ordinal)
                ? $" — a library it needs is missing; with a Python PyTorch install set {DirectoryVariable} to its lib folder"
                : "";
        return $"cannot load TorchSharp's native shim {path}: {error}{hint}";
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
