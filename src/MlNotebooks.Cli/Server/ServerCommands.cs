using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Server;

/// <summary>The <c>mlnb server</c> branch: running the tracking server (its user and token verbs join this branch).</summary>
internal static class ServerCommands
{
    public static void Register(IConfigurator config) =>
        config.AddBranch("server", server =>
        {
            server.SetDescription("Run the tracking server: MLflow's REST API, artifact proxy and web UI over this workspace's stores.");
            server.SetDefaultCommand<ServerCommand>();
            ServerAuthCommands.AddTo(server);
        });
}
