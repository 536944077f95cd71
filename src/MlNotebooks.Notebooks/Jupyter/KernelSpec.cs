using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlNotebooks.Notebooks.Jupyter;

/// <summary>
/// The <c>mlnb-csharp</c> kernelspec: Jupyter starts <c>mlnb kernel start {connection_file}</c>. Written whole (temp file,
/// then rename) and only when it changes, into the user's Jupyter data folder, a prefix (<c>PREFIX/share/jupyter</c>, what
/// a hub image needs) or Python's <c>sys.prefix</c>.
/// </summary>
public static class KernelSpec
{
    /// <summary>The kernel's name (what <c>kernel_name=</c> and notebook metadata say).</summary>
    public const string Name = "mlnb-csharp";

    /// <summary>What Jupyter's kernel picker shows.</summary>
    public const string DisplayName = "C# (MlNotebooks)";

    /// <summary>The user's kernels folder, as Jupyter finds it: <c>$JUPYTER_DATA_DIR</c>, <c>$XDG_DATA_HOME/jupyter</c>, <c>~/.local/share/jupyter</c>.</summary>
    public static string UserKernelsFolder
    {
        get
        {
            var data = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
            if (string.IsNullOrEmpty(data))
            {
                var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
                data = Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : xdg, "jupyter");
            }
            return Path.Combine(data, "kernels");
        }
    }

    /// <summary>The kernels folder under an install prefix (<c>/usr/local</c> → <c>/usr/local/share/jupyter/kernels</c>).</summary>
    public static string PrefixKernelsFolder(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");

    /// <summary>The kernel.json for a host command line (e.g. <c>["dotnet", "/opt/mlnb/mlnb.dll"]</c>).</summary>
    public static JsonObject Create(IReadOnlyList<string> host, string cliPath) => new()
    {
        ["argv"] = new JsonArray([.. host.Concat(["kernel", "start", "{connection_file}"]).Select(a => (JsonNode)a)]),
        ["display_name"] = DisplayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["env"] = new JsonObject { [Interactive.Processes.MlnbCli.Variable] = cliPath },
        ["metadata"] = new JsonObject { ["debugger"] = false },
    };

    /// <summary>Writes <c>KERNELS/mlnb-csharp/kernel.json</c>; returns its path and whether it changed.</summary>
    public static (string Path, bool Changed) Install(string kernelsFolder, JsonObject spec)
    {
        var folder = Path.Combine(kernelsFolder, Name);
        var path = Path.Combine(folder, "kernel.json");
        var text = spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (File.Exists(path) && File.ReadAllText(path) == text) return (path, false);
        try
        {
            Directory.CreateDirectory(folder);
            var temp = path + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true); // whole: a Jupyter server listing specs meanwhile reads the old or the new
        }
        catch (UnauthorizedAccessException)
        {
            throw new MlnbException(ErrorCode.PermissionDenied, $"cannot write {path}: permission denied; use --user, or run with rights on {kernelsFolder}");
        }
        return (path, true);
    }
}
