using System.ComponentModel;
using System.Diagnostics;
using MlNotebooks.Notebooks.Jupyter;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Notebooks;

/// <summary>
/// <c>mlnb kernel install [--user | --prefix DIR | --sys-prefix] [--dotnet-interactive [--feed DIR]]</c>: the
/// <c>mlnb-csharp</c> kernelspec (user folder by default); with <c>--dotnet-interactive</c> also the stock .NET
/// Interactive kernel, MLNB_CLI in its specs and the local feed with our extension, as before.
/// </summary>
internal sealed class KernelInstallCommand : AsyncCommand<KernelInstallCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--user")]
        [Description("Install for this user ($JUPYTER_DATA_DIR or ~/.local/share/jupyter; the default)")]
        public bool User { get; init; }

        [CommandOption("--prefix <DIR>")]
        [Description("Install under DIR/share/jupyter/kernels (a system path, e.g. /usr/local in a hub image)")]
        public string? Prefix { get; init; }

        [CommandOption("--sys-prefix")]
        [Description("Install under Python's sys.prefix (of python3 on PATH)")]
        public bool SysPrefix { get; init; }

        [CommandOption("--dotnet-interactive")]
        [Description("Also install the stock .NET Interactive kernel (.net-csharp …), set MLNB_CLI in its specs, and write the extension feed")]
        public bool DotnetInteractive { get; init; }

        [CommandOption("--feed <DIR>")]
        [Description("With --dotnet-interactive: local package folder for the MlNotebooks extension (default: ~/.mlnb/kernel-feed)")]
        public string? Feed { get; init; }

        public override Spectre.Console.ValidationResult Validate()
        {
            if (new[] { User, Prefix is not null, SysPrefix }.Count(b => b) > 1)
                return Spectre.Console.ValidationResult.Error("give one of --user, --prefix DIR, --sys-prefix");
            if (Feed is not null && !DotnetInteractive)
                return Spectre.Console.ValidationResult.Error("--feed goes with --dotnet-interactive (the mlnb-csharp kernel needs no feed)");
            return Spectre.Console.ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var cli = typeof(KernelInstallCommand).Assembly.Location;
        var folder = s.Prefix is { } prefix ? KernelSpec.PrefixKernelsFolder(prefix)
            : s.SysPrefix ? KernelSpec.PrefixKernelsFolder(await PythonPrefixAsync(cancellationToken).ConfigureAwait(false))
            : KernelSpec.UserKernelsFolder;
        var (path, changed) = KernelSpec.Install(folder, KernelSpec.Create(HostCommand(cli), cli));
        Console.WriteLine(changed ? $"installed kernelspec {KernelSpec.Name} (\"{KernelSpec.DisplayName}\") in {Path.GetDirectoryName(path)}" : $"kernelspec {KernelSpec.Name} in {Path.GetDirectoryName(path)} is up to date");
        Console.WriteLine($"choose \"{KernelSpec.DisplayName}\" in Jupyter, or: python3 -m nbconvert --execute --ExecutePreprocessor.kernel_name={KernelSpec.Name} NOTEBOOK");
        if (!s.DotnetInteractive) return 0;

        await KernelInstaller.InstallAsync(line => Console.Error.WriteLine(line), cancellationToken).ConfigureAwait(false);
        var specs = KernelInstaller.WriteCliEnvironment(cli);
        var feed = Path.GetFullPath(s.Feed ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".mlnb", "kernel-feed"));
        var version = ExtensionFeed.Write(feed);
        Console.WriteLine($"installed the .NET kernels for Jupyter in {KernelInstaller.KernelsFolder} (tool Microsoft.dotnet-interactive {KernelInstaller.ToolVersion})");
        Console.WriteLine(specs.Count > 0
            ? $"set MLNB_CLI={cli} in {specs.Count} kernel spec(s) (magics run the mlnb command line from there)"
            : $"kernel specs already set MLNB_CLI={cli}");
        Console.WriteLine($"the kernel runs `dotnet interactive`: keep {KernelInstaller.ToolsFolder} on PATH, and set DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1");
        Console.WriteLine("load #!track in a C# notebook with:");
        Console.WriteLine(ExtensionFeed.LoadLines(feed, version));
        return 0;
    }

    /// <summary>How to start this mlnb again: the apphost/launcher itself, or <c>dotnet mlnb.dll</c>.</summary>
    private static string[] HostCommand(string cli)
    {
        var process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, cli] : [process];
    }

    private static async Task<string> PythonPrefixAsync(CancellationToken ct)
    {
        var psi = new ProcessStartInfo("python3", ["-c", "import sys; print(sys.prefix)"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var p = Process.Start(psi)!;
            var output = await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            if (p.ExitCode == 0 && output.Trim() is { Length: > 0 } prefix) return prefix;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no python3 on PATH: the error below says what to do
        }
        throw MlnbException.State("--sys-prefix needs python3 on PATH (it asks Python for sys.prefix); use --prefix DIR or --user instead");
    }
}
