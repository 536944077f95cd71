using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class DataDiffCommand : WorkspaceCommand<DataDiffCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandArgument(0, "[REV_A]")]
        [Description("Older git revision (default: HEAD)")]
        public string? A { get; init; }

        [CommandArgument(1, "[REV_B]")]
        [Description("Newer git revision (default: the workspace)")]
        public string? B { get; init; }
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        var diff = await data.DiffAsync(s.A, s.B, ct).ConfigureAwait(false);
        if (s.Json)
        {
            var o = new JsonObject();
            foreach (var g in new[] { DataChange.Added, DataChange.Deleted, DataChange.Modified })
                o[g.ToString().ToLowerInvariant()] = new JsonArray([.. diff.Where(d => d.Change == g).Select(d => (JsonNode)new JsonObject { ["path"] = d.Path, ["old"] = d.OldMd5, ["new"] = d.NewMd5 })]);
            Render.Json(o);
            return 0;
        }
        if (diff.Count == 0) Console.WriteLine("No changes.");
        foreach (var g in diff.GroupBy(d => d.Change))
        {
            Console.WriteLine($"{g.Key}:");
            foreach (var d in g) Console.WriteLine($"    {d.Path}");
            Console.WriteLine();
        }
        Console.WriteLine($"files summary: {diff.Count(d => d.Change == DataChange.Added)} added, {diff.Count(d => d.Change == DataChange.Deleted)} deleted, {diff.Count(d => d.Change == DataChange.Modified)} modified");
        return 0;
    }
}
