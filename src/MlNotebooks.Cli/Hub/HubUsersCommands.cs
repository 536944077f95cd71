using System.ComponentModel;
using MlNotebooks.Hub;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Hub;

/// <summary>Settings naming one hub user.</summary>
internal sealed class HubUserSettings : HubStateSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("The user (a Unix user name: lower-case letters, digits, _ -)")]
    public string Name { get; init; } = "";

    [CommandOption("--delete")]
    [Description("remove: also delete the Unix user and its home")]
    public bool Delete { get; init; }
}

/// <summary><c>mlnb hub users add NAME</c>.</summary>
internal sealed class HubUsersAddCommand : AsyncCommand<HubUserSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, HubUserSettings s, CancellationToken cancellationToken)
    {
        var password = await HubLauncher.AddUserAsync(s.State, s.Name, cancellationToken).ConfigureAwait(false);
        Console.WriteLine(password is null
            ? $"added {s.Name} to the hub (the Unix user existed; its password is unchanged, home now 0700)"
            : $"added {s.Name} to the hub; Unix password {password} (shown once; change it with passwd {s.Name})");
        return 0;
    }
}

/// <summary><c>mlnb hub users remove NAME [--delete]</c>.</summary>
internal sealed class HubUsersRemoveCommand : AsyncCommand<HubUserSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, HubUserSettings s, CancellationToken cancellationToken)
    {
        await HubLauncher.RemoveUserAsync(s.State, s.Name, s.Delete, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"removed {s.Name} from the hub{(s.Delete ? " and deleted the Unix user and home" : "; the Unix user and home stay (add --delete to remove them)")}");
        return 0;
    }
}
