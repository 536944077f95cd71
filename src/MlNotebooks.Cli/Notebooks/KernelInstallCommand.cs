using System.ComponentModel;
using MlNotebooks.Notebooks.Jupyter;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Notebooks;

/// <summary><c>mlnb kernel install [--feed DIR]</c>.</summary>
internal sealed class KernelInstallCommand : AsyncCommand<KernelInstallCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--feed <DIR>")]
        [Description("Local package folder for the MlNotebooks extension (default: ~/.mlnb/kernel-feed)")]
        public string? Feed { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        await KernelInstaller.InstallAsync(line => Console.Error.WriteLine(line), cancellationToken).ConfigureAwait(false);
        var cli = typeof(KernelInstallCommand).Assembly.Location;
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
}
