using MlNotebooks.Hub;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Hub;

/// <summary><c>mlnb hub down</c>: stops the hub (users, runs and tokens stay in the state folder and the store).</summary>
internal sealed class HubDownCommand : AsyncCommand<HubStateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, HubStateSettings s, CancellationToken cancellationToken)
    {
        var pid = await HubLauncher.DownAsync(s.State, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"hub stopped (pid {pid}); users and runs stay in {Path.GetFullPath(s.State)}; start it again with `mlnb hub up --state {Path.GetFullPath(s.State)}`");
        return 0;
    }
}
