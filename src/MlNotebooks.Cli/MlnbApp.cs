using MlNotebooks.Cli.Data;
using MlNotebooks.Cli.Hub;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Cli.Monitoring;
using MlNotebooks.Cli.Notebooks;
using MlNotebooks.Cli.Quickstart;
using MlNotebooks.Cli.Registry;
using MlNotebooks.Cli.Tracking;
using MlNotebooks.Cli.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli;

/// <summary>The <c>mlnb</c> command tree. Each capability registers its verbs from its own folder.</summary>
public static class MlnbApp
{
    /// <summary>Runs the CLI; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(Configure);
        return await app.RunAsync(args).ConfigureAwait(false);
    }

    internal static void Configure(IConfigurator config)
    {
        config.SetApplicationName("mlnb");
        config.UseAssemblyInformationalVersion();
        config.SetExceptionHandler((e, _) => ErrorReporter.Report(e));
        config.AddCommand<InitCommand>("init").WithDescription("Create a workspace (.mlnb/) in the current folder.");
        config.AddCommand<QuickstartCommand>("quickstart").WithDescription("Run the main job end to end on the embedded default and print the result.");
        TrackingCommands.Register(config);
        NotebookCommands.Register(config);
        RegistryCommands.Register(config);
        TrainingCommands.Register(config);
        DataCommands.Register(config);
        Server.ServerCommands.Register(config);
        HubCommands.Register(config);
        config.AddCommand<Usage.UsageCommand>("usage").WithDescription("CPU, GPU, wall time and stored bytes per user and per run (--user, --since, --runs, --json).");
        Export.ExportCommands.Register(config);
        MonitorCommands.Register(config);
        Features.FeaturesCommands.Register(config);
    }
}
