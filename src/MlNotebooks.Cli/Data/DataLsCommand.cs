using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class DataLsCommand : WorkspaceCommand<DataLsCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandArgument(0, "[PATH]")]
        [Description("Only this tracked path")]
        public string? Path { get; init; }
    }

    protected override Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        using var data = new DataClient(ws);
        var items = data.List(s.Path);
        if (s.Json)
        {
            Render.Json(new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["path"] = i.Data.WorkspacePath, ["pointer"] = i.Data.PointerFile, ["md5"] = i.Data.Output.Md5,
                ["size"] = i.Data.Output.Size, ["nfiles"] = i.Data.Output.NFiles, ["in_cache"] = i.InCache,
            })]));
            return Task.FromResult(0);
        }
        var t = Render.Table("path", "type", "size", "files", "md5", "cache", "pointer");
        foreach (var (d, inCache) in items)
            t.AddRow(Render.Esc(d.WorkspacePath), d.Output.IsDirectory ? "folder" : "file", DataFormat.Bytes(d.Output.Size), d.Output.NFiles?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                d.Output.Md5, inCache ? "yes" : "missing", Render.Esc(d.PointerFile));
        Render.Write(t);
        return Task.FromResult(0);
    }
}
