using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Notebooks;

/// <summary>Registers <c>notebook</c> and <c>kernel</c>.</summary>
internal static class NotebookCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("notebook", b =>
        {
            b.SetDescription("Execute notebooks headless (papermill-compatible).");
            b.AddCommand<NotebookRunCommand>("run").WithDescription("Run a .ipynb or .dib notebook on in-process .NET Interactive kernels; writes the executed notebook even on failure.");
        });
        config.AddBranch("kernel", b =>
        {
            b.SetDescription("The .NET kernel for Jupyter.");
            b.AddCommand<KernelStartCommand>("start").WithDescription("Run the mlnb-csharp Jupyter kernel on a connection file (what the kernelspec starts).");
            b.AddCommand<KernelInstallCommand>("install").WithDescription("Install the .NET Interactive Jupyter kernel and a local package feed with the MlNotebooks extension.");
        });
    }
}
