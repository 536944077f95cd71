using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using MlNotebooks.Cli.Infrastructure;
using MlNotebooks.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MlNotebooks.Cli.Registry;

/// <summary>Settings of verbs that name one model.</summary>
internal class ModelSettings : ReadSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Registered model name")]
    public string Name { get; init; } = "";
}

internal sealed class ModelsListCommand : WorkspaceCommand<ReadSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ReadSettings s, CancellationToken ct)
    {
        var models = (await ws.Registry.ListModelsAsync(cancellationToken: ct).ConfigureAwait(false)).Items;
        if (s.Json)
        {
            Render.Json(new JsonObject { ["registered_models"] = new JsonArray([.. models.Select(m => (JsonNode)RegistryJson.Model(m))]) });
            return 0;
        }
        var t = Render.Table("name", "latest", "aliases", "updated");
        foreach (var m in models)
            t.AddRow(Render.Esc(m.Name), m.LatestVersion.ToString(CultureInfo.InvariantCulture), Render.Esc(string.Join(", ", m.Aliases.Select(a => $"@{a.Key}={a.Value}"))), Render.Time(m.LastUpdatedTime));
        Render.Write(t);
        return 0;
    }
}

internal sealed class ModelsShowCommand : WorkspaceCommand<ModelSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ModelSettings s, CancellationToken ct)
    {
        var model = await ws.Registry.GetModelAsync(s.Name, ct).ConfigureAwait(false);
        var versions = await ws.Registry.ListVersionsAsync(s.Name, ct).ConfigureAwait(false);
        var gates = await ws.Registry.GetGatesAsync(s.Name, ct).ConfigureAwait(false);
        if (s.Json)
        {
            var json = RegistryJson.Model(model);
            json["model_versions"] = new JsonArray([.. versions.Select(v => (JsonNode)RegistryJson.Version(v))]);
            json["gates"] = new JsonObject(gates.Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonArray([.. g.Value.Select(x => (JsonNode)x)]))));
            Render.Json(json);
            return 0;
        }
        AnsiConsole.MarkupLine($"[bold]{Render.Esc(model.Name)}[/] {Render.Esc(model.Description)}");
        foreach (var (alias, gateList) in gates) AnsiConsole.MarkupLine($"gates for @{Render.Esc(alias)}: {Render.Esc(string.Join("; ", gateList))}");
        if (versions.Count > 0)
        {
            var sig = versions[0].Package.Signature;
            AnsiConsole.MarkupLine(Render.Esc("signature (latest): " + string.Join(", ", sig.Inputs.Select(i => $"{i.Name} {i.Datatype}[{string.Join(",", i.Shape)}]"))
                + " -> " + string.Join(", ", sig.Outputs.Select(o => $"{o.Name} {o.Datatype}[{string.Join(",", o.Shape)}]"))));
        }
        var t = Render.Table("version", "aliases", "run", "model md5", "datasets", "created");
        foreach (var v in versions)
            t.AddRow(v.Version.ToString(CultureInfo.InvariantCulture), Render.Esc(string.Join(" ", v.Aliases.Select(a => "@" + a))), Render.Esc(v.RunId?[..Math.Min(8, v.RunId.Length)]),
                v.Package.Model.Md5[..8], Render.Esc(string.Join(", ", v.Package.Datasets.Select(d => $"{d.Name}@{d.Digest[..Math.Min(8, d.Digest.Length)]}"))), Render.Time(v.CreationTime));
        Render.Write(t);
        return 0;
    }
}

internal sealed class ModelsAuditCommand : WorkspaceCommand<ModelSettings>
{
    protected override async Task<int> RunAsync(Workspace ws, ModelSettings s, CancellationToken ct)
    {
        var entries = await ws.Registry.GetAuditLogAsync(s.Name, ct).ConfigureAwait(false);
        if (s.Json)
        {
            Render.Json(new JsonObject { ["audit"] = new JsonArray([.. entries.Select(e => (JsonNode)RegistryJson.Audit(e))]) });
            return 0;
        }
        // One line per entry: the reasons are long and read better unwrapped than in a table.
        foreach (var e in entries)
            Console.WriteLine($"{Render.Time(e.Time)}  {e.Actor}  {e.Action}"
                + (e.Alias is null ? "" : $" @{e.Alias}")
                + (e.Version is { } v ? $" v{v.ToString(CultureInfo.InvariantCulture)}" : "")
                + (e.PreviousVersion is { } p ? $" (was v{p.ToString(CultureInfo.InvariantCulture)})" : "")
                + $": {e.Reason}");
        return 0;
    }
}
