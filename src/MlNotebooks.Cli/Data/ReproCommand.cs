using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using MlNotebooks.Data.Pipelines;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class ReproCommand : WorkspaceCommand<ReproCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandArgument(0, "[STAGE]")]
        [Description("Only this stage and the stages it depends on (default: all)")]
        public string? Stage { get; init; }

        [CommandOption("-f|--force")]
        [Description("Run the stage(s) even when nothing changed")]
        public bool Force { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        var results = await data.ReproAsync(s.Stage, s.Force, Console.Out, ct).ConfigureAwait(false);
        foreach (var r in results)
            Console.WriteLine(r.Action switch
            {
                StageAction.Skipped => $"Stage '{r.Stage}' didn't change, skipping",
                StageAction.Restored => $"Stage '{r.Stage}' restored from the run cache ({r.Reason})",
                _ => $"Stage '{r.Stage}' ran ({r.Reason})",
            });
        Console.WriteLine(results.Any(r => r.Action != StageAction.Skipped) ? "Updated dvc.lock" : "Data and pipelines are up to date.");
        return 0;
    }
}
