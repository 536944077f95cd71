using System.ComponentModel;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Lineage;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Data;

internal sealed class LineageCommand : WorkspaceCommand<LineageCommand.Settings>
{
    public sealed class Settings : ReadSettings
    {
        [CommandArgument(0, "<RUN_ID|MODEL_URI>")]
        [Description("A run id, or a model version: models:/NAME/VERSION or models:/NAME@ALIAS")]
        public string Reference { get; init; } = "";
    }

    protected override async Task<int> RunAsync(Workspace ws, Settings s, CancellationToken ct)
    {
        var g = await ws.Lineage.GetAsync(s.Reference, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject
            {
                ["nodes"] = new JsonArray([.. g.Nodes.Select(n => (JsonNode)new JsonObject { ["kind"] = n.Kind, ["id"] = n.Id, ["label"] = n.Label, ["details"] = new JsonObject(n.Details.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))) })]),
                ["edges"] = new JsonArray([.. g.Edges.Select(e => (JsonNode)new JsonObject { ["from"] = e.From, ["to"] = e.To, ["relation"] = e.Relation })]),
            });
            return 0;
        }
        var byId = g.Nodes.GroupBy(n => n.Id).ToDictionary(x => x.Key, x => x.First());
        var run = g.Nodes.First(n => n.Kind == "run");
        var inputs = g.Edges.Where(e => e.To == run.Id).ToList();
        if (inputs.Count == 0) Console.WriteLine("(no data inputs recorded; record them with `mlnb data log-input --run RUN_ID PATH`)");
        foreach (var e in inputs)
        {
            var d = byId[e.From];
            Console.WriteLine($"data  {d.Label}  md5 {d.Id}{string.Concat(d.Details.Select(x => $"  {x.Key}: {x.Value}"))}");
        }
        Console.WriteLine($"  └─▶ run  {run.Id}  ({run.Label}, {run.Details["status"]})");
        foreach (var e in g.Edges.Where(e => e.From == run.Id))
            Console.WriteLine($"        └─▶ {byId[e.To].Kind}  {byId[e.To].Id}  ({e.Relation}{string.Concat(byId[e.To].Details.Where(x => x.Key == "aliases").Select(x => ", " + x.Value))})");
        return 0;
    }
}
