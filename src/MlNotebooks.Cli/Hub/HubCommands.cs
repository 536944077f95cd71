using System.ComponentModel;
using MlNotebooks.Hub;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Hub;

/// <summary>Registers <c>mlnb hub up|down|status|users</c>: a JupyterHub for a team on one machine.</summary>
internal static class HubCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("hub", b =>
        {
            b.SetDescription("A JupyterHub for a team on one machine: Unix users, the mlnb-csharp kernel, the tracking server as a hub service.");
            b.AddCommand<HubUpCommand>("up").WithDescription("Create users, install the kernel, and start the hub in the background on 127.0.0.1.");
            b.AddCommand<HubDownCommand>("down").WithDescription("Stop the hub, its proxy, its services and every user's server.");
            b.AddCommand<HubStatusCommand>("status").WithDescription("Is the hub running; its users and their servers.");
            b.AddBranch("users", u =>
            {
                u.SetDescription("Hub users (real Unix users with 0700 homes).");
                u.AddCommand<HubUsersAddCommand>("add").WithDescription("Create the Unix user (a password is printed once) and allow it on the hub.");
                u.AddCommand<HubUsersRemoveCommand>("remove").WithDescription("Take a user off the hub (its server stops); --delete also removes the Unix user and home.");
            });
        });
    }
}

/// <summary>The state folder option every hub verb takes.</summary>
internal class HubStateSettings : CommandSettings
{
    [CommandOption("--state <DIR>")]
    [Description("The hub's state folder (default /srv/mlnb-hub)")]
    public string State { get; init; } = HubOptions.DefaultStateDirectory;
}
