using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class DataStatusCommand : WorkspaceCommand<DataStatusCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Only this tracked path (default: all)")]
        public string? Path { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        var entries = await data.StatusAsync(s.Path, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject { ["path"] = e.Data.WorkspacePath, ["pointer"] = e.Data.PointerFile, ["state"] = Name(e.State) })]));
            return 0;
        }
        var changed = entries.Where(e => e.State != DataState.Unchanged).ToList();
        if (changed.Count == 0)
        {
            Console.WriteLine(entries.Count == 0 ? "No data is tracked yet; track some with `mlnb data add PATH`." : "Data and pipelines are up to date.");
            return 0;
        }
        foreach (var e in changed) Console.WriteLine($"{e.Data.PointerFile}:\n\t{Name(e.State)}: {e.Data.WorkspacePath}");
        return 0;
    }

    private static string Name(DataState s) => s switch
    {
        DataState.Modified => "modified",
        DataState.Deleted => "deleted",
        DataState.NotInCache => "not in cache",
        _ => "unchanged",
    };
}
