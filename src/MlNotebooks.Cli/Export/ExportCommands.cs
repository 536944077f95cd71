using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Export;

/// <summary>Registers <c>export</c> and <c>ci report</c>.</summary>
internal static class ExportCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ExportCommand>("export").WithDescription("Write a training job, serving app, images, Kubernetes manifests and a CI workflow from a validated notebook.");
    }
}
