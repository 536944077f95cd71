using System.ComponentModel;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class DataGcCommand : WorkspaceCommand<DataGcCommand.Settings>
{
    public sealed class Settings : WorkspaceSettings
    {
        [CommandOption("-w|--workspace")]
        [Description("Keep only what the workspace refers to (default also keeps every git commit's versions)")]
        public bool WorkspaceOnly { get; init; }

        [CommandOption("-n|--dry-run")]
        [Description("List what would be removed; remove nothing")]
        public bool DryRun { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        var r = await data.GcAsync(s.WorkspaceOnly, s.DryRun, ct).ConfigureAwait(false);
        if (s.DryRun) foreach (var a in r.Removed) Console.WriteLine($"would remove {a}");
        Console.WriteLine($"{(s.DryRun ? "Would remove" : "Removed")} {r.Removed.Count} object(s) ({DataFormat.Bytes(r.RemovedBytes)}); kept {r.Kept}");
        Console.WriteLine($"{(s.DryRun ? "Would reclaim" : "Reclaimed")} {r.Temp.Files} stale temp file(s) ({DataFormat.Bytes(r.Temp.Bytes)}) left by killed writers");
        return 0;
    }
}
