using System.ComponentModel;
using MlNotebooks.Notebooks.JupyterKernel;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Notebooks;

/// <summary><c>mlnb kernel start CONNECTION_FILE</c>: what the <c>mlnb-csharp</c> kernelspec runs.</summary>
internal sealed class KernelStartCommand : AsyncCommand<KernelStartCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<CONNECTION_FILE>")]
        [Description("The connection file Jupyter writes ({connection_file} in the kernelspec)")]
        public string ConnectionFile { get; init; } = "";
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken) =>
        // Not Spectre's token: SIGINT interrupts the running cell (as ipykernel), it does not stop the kernel.
        JupyterKernelHost.RunAsync(s.ConnectionFile, line => Console.Error.WriteLine("[mlnb kernel] " + line), CancellationToken.None);
}
