using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Export;

/// <summary>Registers <c>export</c> and <c>ci report</c>.</summary>
internal static class ExportCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ExportCommand>("export").WithDescription("Write a training job, serving app, images, Kubernetes manifests and a CI workflow from a validated notebook.");
        config.AddBranch("ci", b =>
        {
            b.SetDescription("Continuous integration for exported notebooks.");
            b.AddCommand<CiReportCommand>("report").WithDescription("Report a run (params, metrics against production, gates, data versions) as a pull-request comment and commit status.");
        });
    }
}
